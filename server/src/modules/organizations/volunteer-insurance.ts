import { Types } from 'mongoose';
import type { Actor, InsurancePolicyView, RecordInsuranceInput } from '@tongxin/shared';
import type { AuditTrail } from '../audit';
import { ValidationError } from '../../platform/errors';
import type { InsurancePolicyRecord, VolunteerUnitRecord, VolunteerUnitsRepository } from './volunteer-units.repository';
import type { VolunteerUnitsService } from './volunteer-units.service';

export interface InsurancePorts {
  /** Whether the shift belongs to the need. */
  shiftExists(needId: string, shiftId: string): Promise<boolean>;
  /** Shifts the volunteer holds a live sign-up on. */
  myShiftIds(actor: Actor): Promise<string[]>;
}

/** Volunteer insurance an organization bought for an activity (insurer, policy number, covered shifts), shown to the volunteers it covers. */
export class VolunteerInsurance {
  constructor(
    private readonly repository: VolunteerUnitsRepository,
    private readonly units: VolunteerUnitsService,
    private readonly ports: InsurancePorts,
    private readonly audit: AuditTrail,
  ) {}

  async record(actor: Actor, unitId: string, input: RecordInsuranceInput): Promise<InsurancePolicyView> {
    const unit = await this.units.requireUnit(unitId);
    await this.units.requireAdmin(actor, unit, false);
    const shiftIds = [...new Set(input.shiftIds)];
    const found = await Promise.all(shiftIds.map((id) => this.ports.shiftExists(input.needId, id)));
    const missing = shiftIds.filter((_, i) => !found[i]);
    if (missing.length > 0) throw new ValidationError([{ path: 'shiftIds', message: `班次不属于该需求：${missing.join('、')}` }]);
    const policy: InsurancePolicyRecord = {
      _id: new Types.ObjectId(), unitId: unit._id, insurer: input.insurer, policyNumber: input.policyNumber,
      needId: new Types.ObjectId(input.needId), shiftIds: shiftIds.map((id) => new Types.ObjectId(id)),
      ...(input.coverage ? { coverage: input.coverage } : {}),
      validFrom: new Date(input.validFrom), validUntil: new Date(input.validUntil),
      recordedBy: new Types.ObjectId(actor.userId), createdAt: new Date(),
    };
    await this.repository.insertPolicy(policy);
    await this.audit.record({
      actor, action: 'volunteer-insurance:record', subject: { type: 'volunteer-unit', id: unitId },
      after: { policyNumber: input.policyNumber, needId: input.needId, shifts: shiftIds.length },
    });
    return toPolicyView(policy, unit);
  }

  /** Policies covering shifts the caller signed up for: their own, never another volunteer's. */
  async mine(actor: Actor): Promise<{ items: InsurancePolicyView[] }> {
    const shiftIds = (await this.ports.myShiftIds(actor)).map((id) => new Types.ObjectId(id));
    const policies = await this.repository.policiesCovering(shiftIds);
    const units = new Map((await this.repository.findUnits([...new Set(policies.map((p) => p.unitId.toHexString()))].map((id) => new Types.ObjectId(id))))
      .map((u) => [u._id.toHexString(), u]));
    const mine = new Set(shiftIds.map((id) => id.toHexString()));
    return {
      items: policies.flatMap((p) => {
        const unit = units.get(p.unitId.toHexString());
        if (!unit) return [];
        const view = toPolicyView(p, unit);
        return [{ ...view, shiftIds: view.shiftIds.filter((id) => mine.has(id)) }];
      }),
    };
  }
}

function toPolicyView(p: InsurancePolicyRecord, unit: VolunteerUnitRecord): InsurancePolicyView {
  return {
    id: p._id.toHexString(), unitId: unit._id.toHexString(), unitName: unit.name, insurer: p.insurer, policyNumber: p.policyNumber,
    needId: p.needId.toHexString(), shiftIds: p.shiftIds.map((id) => id.toHexString()), ...(p.coverage ? { coverage: p.coverage } : {}),
    validFrom: p.validFrom.toISOString(), validUntil: p.validUntil.toISOString(),
  };
}
