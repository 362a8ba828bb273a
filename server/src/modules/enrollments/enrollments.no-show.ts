import { Types } from 'mongoose';
import { Router, type RequestHandler } from 'express';
import { enrollmentParamsSchema, type Actor, type EnrollmentView } from '@tongxin/shared';
import { authorize } from '../access';
import { actorOf } from '../../platform/actor';
import { ConflictError, NotFoundError } from '../../platform/errors';
import { parseInput } from '../../platform/validation';
import { generationOf } from './enrollments.cancellation';
import type { EnrollmentsRepository } from './enrollments.repository';
import { toEnrollmentView } from './enrollments.view';

/**
 * Staff reverse a no-show (the volunteer came, the scan failed, …). The reversal is a fact inserted
 * once (`no_show_reversed:<generation>`), which takes the no-show out of the reliability counts; the
 * sign-up then reads as an attended one again (`enrolled` after its shift) with `noShowReversedAt`.
 */
export class NoShowReversal {
  constructor(private readonly repository: EnrollmentsRepository) {}

  async reverse(actor: Actor, enrollmentId: string): Promise<EnrollmentView> {
    const enrollment = await this.repository.findById(enrollmentId);
    if (!enrollment) throw new NotFoundError('报名记录不存在');
    authorize(actor, 'enrollment:reverse-no-show', { communityCode: enrollment.communityCode });
    if (enrollment.status !== 'no_show') throw new ConflictError('CONFLICT', '该报名没有被记为缺席');
    if (!(await this.repository.recordNoShowReversal(enrollment.userId, generationOf(enrollment), new Types.ObjectId(actor.userId)))) {
      throw new ConflictError('CONFLICT', '该缺席记录已撤销');
    }
    const updated = await this.repository.transition(enrollmentId, 'no_show', 'enrolled', { noShowReversedAt: new Date() });
    return toEnrollmentView(updated ?? { ...enrollment, status: 'enrolled' });
  }

  /** Reliability counts, reversed no-shows left out. */
  async reliabilityOf(userId: string) {
    return this.repository.reliabilityOf(new Types.ObjectId(userId));
  }
}

export function noShowRouter(reversal: NoShowReversal, authenticate: RequestHandler): Router {
  const router = Router();
  router.post('/api/v1/enrollments/:id/no-show/reverse', authenticate, async (req, res) => {
    const { id } = parseInput(enrollmentParamsSchema, req.params);
    res.json(await reversal.reverse(actorOf(res), id));
  });
  return router;
}
