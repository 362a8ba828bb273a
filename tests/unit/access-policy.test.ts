import type { Actor } from '@tongxin/shared';
import { can } from '../../server/src/modules/access';

const actor = (roles: Actor['roles'], scopes: Actor['scopes'] = {}, userId = 'u1'): Actor => ({ userId, roles, scopes });

describe('can', () => {
  it('when community staff act on their own community, then yes; on another, then no', () => {
    const staff = actor(['community_staff'], { communityCode: '510104001001' });
    expect(can(staff, 'need:create', { communityCode: '510104001001' })).toBe(true);
    expect(can(staff, 'need:create', { communityCode: '510104001002' })).toBe(false);
  });

  it('when a district admin acts, then only inside the district', () => {
    const admin = actor(['district_admin'], { districtCode: '510104' });
    expect(can(admin, 'need:create', { communityCode: '510104009003' })).toBe(true);
    expect(can(admin, 'need:create', { communityCode: '510105001001' })).toBe(false);
  });

  it('when a volunteer cancels, then only their own enrollment', () => {
    const volunteer = actor(['volunteer'], {}, 'me');
    expect(can(volunteer, 'enrollment:cancel', { ownerUserId: 'me' })).toBe(true);
    expect(can(volunteer, 'enrollment:cancel', { ownerUserId: 'someone-else' })).toBe(false);
    expect(can(volunteer, 'need:create', { communityCode: '510104001001' })).toBe(false);
  });

  it('when a scope is missing on either side, then no (never undefined === undefined)', () => {
    expect(can(actor(['community_staff']), 'need:create', {})).toBe(false);
    expect(can(actor(['volunteer'], {}, 'me'), 'enrollment:cancel', {})).toBe(false);
  });

  it('when a city admin acts, then anywhere', () => {
    expect(can(actor(['city_admin']), 'need:create', { communityCode: '510185001001' })).toBe(true);
  });
});
