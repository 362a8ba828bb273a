import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Router, type RequestHandler } from 'express';
import type { Actor } from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import { authorize } from '../access';
import type { ModuleDeps } from '../module-deps';
import { QUEUE_NAMES } from '../queues.registry';
import { BoardSessions, BOARD_COOKIE, BOARD_SESSION_SECONDS } from './board-sessions';

/** Where the dashboard is served; its session cookie is scoped to this path. */
export const BOARD_PATH = '/admin/queues';

/**
 * Bull Board over every queue, for city admins only: failed jobs (the channels' failed sets) can be
 * seen and retried there. A browser cannot put the bearer token on a page load, so the client trades
 * it for a short-lived HttpOnly cookie scoped to the board (`POST /api/v1/admin/queue-board/session`);
 * each board request checks that cookie and re-reads the account's roles, so a revoked admin is out at once.
 */
export function createQueueBoardModule(deps: ModuleDeps, authenticate: RequestHandler, actors: { getActor(userId: string): Promise<Actor | null> }) {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: Object.values(QUEUE_NAMES).map((name) => new BullMQAdapter(deps.queues.queue(name))),
    serverAdapter,
    options: { uiConfig: { boardTitle: '同心 任务队列' } },
  });
  const sessions = new BoardSessions(deps.config.JWT_SECRET);

  const boardGuard: RequestHandler = async (req, _res, next) => {
    const userId = sessions.verify(req.headers.cookie);
    const actor = await actors.getActor(userId);
    authorize(actor ?? { userId, roles: [], scopes: {} }, 'queues:admin');
    next();
  };

  const router = Router();
  router.post('/api/v1/admin/queue-board/session', authenticate, async (_req, res) => {
    const actor = actorOf(res);
    authorize(actor, 'queues:admin');
    res.cookie(BOARD_COOKIE, sessions.issue(actor.userId), {
      httpOnly: true, sameSite: 'strict', secure: deps.config.NODE_ENV === 'production', path: BOARD_PATH, maxAge: BOARD_SESSION_SECONDS * 1000,
    });
    res.json({ url: `${BOARD_PATH}/`, expiresIn: BOARD_SESSION_SECONDS });
  });
  router.use(BOARD_PATH, boardGuard, serverAdapter.getRouter() as RequestHandler);
  return { router };
}
