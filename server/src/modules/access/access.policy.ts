import { divisionCodeOf, type Actor, type Role } from '@tongxin/shared';

/** What an action is about: the owner and the places it belongs to. */
export interface ResourceScope {
  ownerUserId?: string;
  communityCode?: string;
  organizationId?: string;
  /** A meal point, and the accounts that run it (besides those scoped to it). */
  mealPointId?: string;
  operatorUserIds?: readonly string[];
}

/** `any`: every holder of the role; otherwise the role holder's scope must contain the resource. */
type Reach = 'any' | 'self' | 'community' | 'district' | 'organization' | 'meal_point';

type Grant = readonly [Role, Reach];

const CITY: Grant = ['city_admin', 'any'];

/** Every signed-in role: public reference data such as open needs, organizations and live campaigns. */
const EVERYONE: readonly Grant[] = [['volunteer', 'any'], ['donor', 'any'], ['community_staff', 'any'],
  ['meal_point_operator', 'any'], ['org_admin', 'any'], ['district_admin', 'any'], CITY];

/** Staff of the community the resource belongs to, its district's admins, and the city. */
const COMMUNITY_OFFICIALS: readonly Grant[] = [['community_staff', 'community'], ['district_admin', 'district'], CITY];

/** Family members booking meals for an elder: any signed-in resident; `self` means linked to the elder. */
const RELATIVES_SELF: readonly Grant[] = [['volunteer', 'self'], ['donor', 'self']];

/** Who may do what. One table, read by every route and socket room through `can`. */
export const POLICIES = {
  'need:create': [['community_staff', 'community'], ['org_admin', 'organization'], ['district_admin', 'district'], CITY],
  'need:manage': [['community_staff', 'community'], ['org_admin', 'organization'], ['district_admin', 'district'], CITY],
  'need:read': EVERYONE,
  /** Ranked volunteers for a shift, and inviting them: whoever manages the need. */
  'matching:candidates': [['community_staff', 'community'], ['org_admin', 'organization'], ['district_admin', 'district'], CITY],
  'invitation:create': [['community_staff', 'community'], ['org_admin', 'organization'], ['district_admin', 'district'], CITY],
  /** A volunteer's own shift recommendations and answers to invitations. */
  'matching:recommendations': [['volunteer', 'self']],
  'invitation:respond': [['volunteer', 'self']],
  /** A donor's own campaign and rural project recommendations. */
  'giving:recommendations': [['donor', 'self'], ['volunteer', 'self']],
  /** A donor's (or volunteer's) own campaign recommendations. */
  'campaign:recommendations': [['donor', 'self'], ['volunteer', 'self']],
  'need:watch': [['volunteer', 'any'], ['community_staff', 'any'], ['org_admin', 'any'], ['district_admin', 'any'], CITY],
  'enrollment:create': [['volunteer', 'any']],
  'attendance:self': [['volunteer', 'self']],
  'attendance:show-code': COMMUNITY_OFFICIALS,
  'attendance:verify': COMMUNITY_OFFICIALS,
  'enrollment:cancel': [['volunteer', 'self'], ['community_staff', 'community'], ['district_admin', 'district'], CITY],
  'enrollment:confirm': [['volunteer', 'self']],
  /** Bull Board: every queue's jobs, failed sets and retries. */
  'queues:admin': [CITY],
  /** Ending every session of another account (lost phone, suspended account). */
  'sessions:revoke-any': [CITY],
  'enrollment:view-confirmations': COMMUNITY_OFFICIALS,
  /** Undo a no-show marked after a shift: staff of the need's community. */
  'enrollment:reverse-no-show': COMMUNITY_OFFICIALS,
  /** One's own real-name profile. */
  'volunteer-profile:write': [['volunteer', 'self']],
  /** The masked profile: its owner, and staff of the volunteer's home community or of a need they signed up for. */
  'volunteer-profile:read': [['volunteer', 'self'], ['community_staff', 'community'], ['district_admin', 'district'], CITY],
  /** One's own certificates of service record (the public verification by code needs no grant). */
  'certificate:self': [['volunteer', 'self']],
  /** The volunteer service network: anyone signed in reads it, volunteers apply; unit admins are checked per unit. */
  'volunteer-unit:read': EVERYONE,
  'volunteer-unit:join': [['volunteer', 'any']],
  /** Found the city's root organization and act as admin of every unit. */
  'volunteer-unit:administer-any': [CITY],
  'organization:read': EVERYONE,
  'organization:create': [['district_admin', 'any'], CITY],
  'organization:update': [['org_admin', 'organization'], ['district_admin', 'any'], CITY],
  'organization:set-status': [['district_admin', 'any'], CITY],
  'campaign:read': EVERYONE,
  /** Drafts and campaigns in review: the running organization and civil-affairs admins. */
  'campaign:read-unpublished': [['org_admin', 'organization'], ['district_admin', 'any'], CITY],
  'campaign:create': [['org_admin', 'organization'], CITY],
  'campaign:manage': [['org_admin', 'organization'], CITY],
  'campaign:review': [['district_admin', 'any'], CITY],
  'campaign:watch': EVERYONE,
  'donation:create': [['donor', 'any'], ['volunteer', 'any']],
  /** Unmasked donation records: the donor's own, and the receiving organization's. */
  'donation:read': [['donor', 'self'], ['volunteer', 'self'], ['org_admin', 'organization'], CITY],
  /** Refunds: only the receiving organization's admins (they return the money). */
  'donation:refund': [['org_admin', 'organization']],
  /** Asking for a donation receipt (捐赠票据) for one's own paid donations (ownership checked per donation). */
  'receipt-request:create': [['donor', 'any'], ['volunteer', 'any']],
  /** The receiving organization's receipt requests: its admins list them and mark them issued. */
  'receipt-request:manage': [['org_admin', 'organization']],
  /** Search the audit trail: the city everything, a district admin their district's entries. */
  'audit:read': [['district_admin', 'district'], CITY],
  /** Statistics of an area (city, division, street or community; resource `communityCode` = the area's code). */
  'stats:read': [['district_admin', 'district'], CITY],
  /** Rural revitalization projects: everyone discovers them; the running organization's admins and the area's district admins manage them (resource `communityCode` = the project's township or village code). */
  'rural-project:read': EVERYONE,
  'rural-project:create': [['org_admin', 'organization'], ['district_admin', 'district'], CITY],
  'rural-project:manage': [['org_admin', 'organization'], ['district_admin', 'district'], CITY],
  'meal-point:read': EVERYONE,
  /** A volunteer's own delivery-task offers and tasks; taking one needs the offer besides (checked per task). */
  'delivery-task:self': [['volunteer', 'self']],
  /**
   * Picking and inviting delivery volunteers for a point's tasks: only the point's own operators, who run
   * the kitchen and the round (officials follow deliveries through the day views and alerts).
   */
  'delivery-task:invite': [['meal_point_operator', 'meal_point']],
  /** An operator may register its own point (and runs it); admins register any in their area. */
  'meal-point:create': [['meal_point_operator', 'any'], ['district_admin', 'district'], CITY],
  /** Edit, menus, the day's bookings, pickups: the point's operators and civil-affairs admins. */
  'meal-point:manage': [['meal_point_operator', 'meal_point'], ['district_admin', 'district'], CITY],
  'meal-subsidy:read': EVERYONE,
  'meal-subsidy:manage': [CITY],
  /** An elder's record: by community staff, or by a family member with the elder's consent. */
  'elder:create': [['volunteer', 'any'], ['donor', 'any'], ['community_staff', 'community'], ['district_admin', 'district'], CITY],
  /** Read, link relatives, book meals: linked relatives and officials of the elder's community. */
  'elder:act-for': [...RELATIVES_SELF, ...COMMUNITY_OFFICIALS],
  /** One booking: who may act for the elder, and the point's operators. */
  'meal-booking:read': [...RELATIVES_SELF, ['meal_point_operator', 'meal_point'], ...COMMUNITY_OFFICIALS],
} as const satisfies Record<string, readonly Grant[]>;

export type Action = keyof typeof POLICIES;

function reaches(actor: Actor, reach: Reach, resource: ResourceScope): boolean {
  switch (reach) {
    case 'any':
      return true;
    case 'self':
      return resource.ownerUserId !== undefined && resource.ownerUserId === actor.userId;
    case 'community':
      return resource.communityCode !== undefined && resource.communityCode === actor.scopes.communityCode;
    case 'district':
      return resource.communityCode !== undefined && divisionCodeOf(resource.communityCode) === actor.scopes.districtCode;
    case 'organization':
      return resource.organizationId !== undefined && resource.organizationId === actor.scopes.organizationId;
    case 'meal_point':
      return resource.mealPointId !== undefined
        && (resource.mealPointId === actor.scopes.mealPointId || (resource.operatorUserIds ?? []).includes(actor.userId));
  }
}

/** May this actor do this action to that resource? */
export function can(actor: Actor, action: Action, resource: ResourceScope = {}): boolean {
  const grants: readonly Grant[] = POLICIES[action];
  return grants.some(([role, reach]) => actor.roles.includes(role) && reaches(actor, reach, resource));
}
