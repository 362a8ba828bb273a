import {
  type Actor, type CandidatesQuery, type CandidatesView, type NeedCategory, type RecommendationsQuery,
  type ShiftRecommendationView, type SkillCode,
} from '@tongxin/shared';
import { authorize } from '../access';
import { AppError } from '../../platform/errors';
import type { MatchingEngine } from './matching.engine';
import { needPoint, reasonsFor } from './matching.reasons';
import { idAt, VolunteerColumns } from './index/columns';
import { prepareQuery, type ShiftCriteria } from './index/query';
import { evaluate } from './index/scoring';
import type { Ranked } from './index/top-k';

/** A shift as matching needs it (from the needs module). */
export interface MatchableShift {
  needId: string;
  shiftId: string;
  title: string;
  category: NeedCategory;
  communityCode: string;
  organizationId?: string;
  location?: { lat: number; lng: number };
  requiredSkills: readonly SkillCode[];
  startsAt: Date;
  endsAt: Date;
  slotsLeft: number;
}

/** What the matching service asks other modules. */
export interface MatchingPorts {
  /** An open shift that takes sign-ups (throws the needs module's errors otherwise). */
  openShift(needId: string, shiftId: string): Promise<MatchableShift>;
  /** Open shifts starting in [from, to) within `radiusKm` of a point. */
  openShiftsNear(actor: Actor, point: { lat: number; lng: number }, radiusKm: number, from: Date, to: Date): Promise<MatchableShift[]>;
  /** Masked real names ("李*") by volunteer id. */
  maskedNames(ids: string[]): Promise<Map<string, string>>;
  /** Volunteers already invited to a shift (they are not proposed again). */
  invitedTo(shiftId: string): Promise<Set<string>>;
}

export interface MatchingSettings {
  needRadiusKm: number;
  weeklyCapMinutes: number;
}

const READY_WAIT_MS = 10_000;
const TWO_WEEKS_MS = 14 * 86_400_000;

/** Candidates for a shift, shifts for a volunteer: both ranked by the one documented score (index/scoring.ts). */
export class MatchingService {
  constructor(
    private readonly engine: MatchingEngine,
    private readonly ports: MatchingPorts,
    private readonly settings: MatchingSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Staff of the need's community or organization (and district/city officials) see its candidates, names masked. */
  async candidates(actor: Actor, needId: string, query: CandidatesQuery): Promise<CandidatesView> {
    const shift = await this.ports.openShift(needId, query.shiftId);
    authorize(actor, 'matching:candidates', { communityCode: shift.communityCode, ...(shift.organizationId ? { organizationId: shift.organizationId } : {}) });
    const radiusKm = query.radiusKm ?? this.settings.needRadiusKm;
    const ranked = await this.rank(shift, radiusKm, query.limit);
    const names = await this.ports.maskedNames(ranked.map((r) => r.id));
    return {
      needId, shiftId: shift.shiftId, radiusKm,
      items: ranked.map((r) => ({ volunteerId: r.id, maskedName: names.get(r.id) ?? '志愿者', score: round3(r.score), reasons: r.reasons })),
    };
  }

  /**
   * The ranked candidates of a shift, for this module's invitations and other modules (meal-point
   * delivery, rural projects): ids, scores and reasons, no names. `exclude` adds ids to leave out.
   */
  async rank(shift: MatchableShift, radiusKm: number, limit: number, exclude: ReadonlySet<string> = new Set()) {
    const criteria: ShiftCriteria = {
      location: needPoint(shift), radiusKm, category: shift.category, requiredSkills: shift.requiredSkills,
      startsAt: shift.startsAt, endsAt: shift.endsAt, communityCode: shift.communityCode, limit,
    };
    const q = prepareQuery(criteria, this.settings.weeklyCapMinutes);
    const invited = await this.ports.invitedTo(shift.shiftId);
    const excluded = new Set([...invited, ...exclude]);
    const ranked = await this.searchWhenReady(() => this.engine.search(q, { exclude: excluded, startMs: shift.startsAt.getTime(), endMs: shift.endsAt.getTime() }));
    return ranked.map((r) => ({ id: idAt(r.columns.ids, r.row), score: r.score, reasons: reasonsFor(r.columns, r.row, q) }));
  }

  /** Open shifts of the next two weeks that fit the volunteer, best first, by the same score. */
  async recommendations(actor: Actor, query: RecommendationsQuery): Promise<ShiftRecommendationView[]> {
    authorize(actor, 'matching:recommendations', { ownerUserId: actor.userId });
    const live = await this.searchWhenReady(() => this.engine.ready());
    const at = live.index.locate(actor.userId);
    if (!at) return [];
    // One row, copied out, so the evaluation below reads a stable view.
    const me = new VolunteerColumns(1);
    me.push(at.columns.get(at.row));
    const point = { lat: me.lat[0]!, lng: me.lng[0]! };
    const now = this.now();
    const shifts = await this.ports.openShiftsNear(actor, point, Math.max(1, me.radiusKm[0]!), now, new Date(now.getTime() + TWO_WEEKS_MS));
    const busy = live.index.busy.get(actor.userId) ?? [];
    const scored: ShiftRecommendationView[] = [];
    for (const shift of shifts) {
      if (shift.slotsLeft <= 0 || busy.some((s) => s.start < shift.endsAt.getTime() && shift.startsAt.getTime() < s.end)) continue;
      const q = prepareQuery({
        location: needPoint(shift), radiusKm: this.settings.needRadiusKm, category: shift.category, requiredSkills: shift.requiredSkills,
        startsAt: shift.startsAt, endsAt: shift.endsAt, communityCode: shift.communityCode, limit: 1,
      }, this.settings.weeklyCapMinutes);
      const score = evaluate(me, 0, q);
      if (score < 0) continue;
      scored.push({
        needId: shift.needId, shiftId: shift.shiftId, title: shift.title, category: shift.category, communityCode: shift.communityCode,
        startsAt: shift.startsAt.toISOString(), endsAt: shift.endsAt.toISOString(), slotsLeft: shift.slotsLeft, score: round3(score),
        reasons: reasonsFor(me, 0, q),
      });
    }
    return scored.sort((a, b) => b.score - a.score || a.startsAt.localeCompare(b.startsAt) || a.shiftId.localeCompare(b.shiftId)).slice(0, query.limit);
  }

  private async searchWhenReady<T>(run: () => Promise<T>): Promise<T> {
    if (this.engine.isReady) return run();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AppError('MATCHING_WARMING_UP')), READY_WAIT_MS);
    });
    try {
      return await Promise.race([run(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export type RankedCandidate = Awaited<ReturnType<MatchingService['rank']>>[number];
export type { Ranked };
