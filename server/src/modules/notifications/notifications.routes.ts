import { Router, type RequestHandler } from 'express';
import {
  listNotificationsQuerySchema, notificationParamsSchema, recordSubscriptionsSchema, updateNotificationPreferencesSchema,
} from '@tongxin/shared';
import { actorOf } from '../../platform/actor';
import { parseInput } from '../../platform/validation';
import type { SubscriptionsService } from './channels/subscriptions.service';
import type { NotificationPreferences } from './notifications.preferences';
import type { NotificationsService } from './notifications.service';

export function notificationsRouter(
  service: NotificationsService, preferences: NotificationPreferences, subscriptions: SubscriptionsService, authenticate: RequestHandler,
): Router {
  const router = Router();

  router.get('/api/v1/me/notifications', authenticate, async (req, res) => {
    res.json(await service.listMine(actorOf(res), parseInput(listNotificationsQuerySchema, req.query)));
  });

  router.post('/api/v1/me/notifications/read-all', authenticate, async (_req, res) => {
    res.json(await service.markAllRead(actorOf(res)));
  });

  router.post('/api/v1/me/notifications/:id/read', authenticate, async (req, res) => {
    const { id } = parseInput(notificationParamsSchema, req.params);
    res.json(await service.markRead(actorOf(res), id));
  });

  router.get('/api/v1/me/notification-preferences', authenticate, async (_req, res) => {
    res.json(await preferences.getMine(actorOf(res)));
  });

  router.put('/api/v1/me/notification-preferences', authenticate, async (req, res) => {
    res.json(await preferences.updateMine(actorOf(res), parseInput(updateNotificationPreferencesSchema, req.body ?? {})));
  });

  /** Subscribe-message templates and the one-time opt-ins left; the client asks before `wx.requestSubscribeMessage`. */
  router.get('/api/v1/me/subscriptions', authenticate, async (_req, res) => {
    res.json(await subscriptions.getMine(actorOf(res)));
  });

  /** Records what `wx.requestSubscribeMessage` answered: each accept allows one more message. */
  router.post('/api/v1/me/subscriptions', authenticate, async (req, res) => {
    res.json(await subscriptions.recordMine(actorOf(res), parseInput(recordSubscriptionsSchema, req.body ?? {})));
  });

  return router;
}
