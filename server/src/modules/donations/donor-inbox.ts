import type { NotificationData, NotificationKind } from '@tongxin/shared';

/** What this module needs of the notifications module (wired in runtime.ts). */
export interface DonorInbox {
  deliver(userId: string, notice: { id: string; kind: NotificationKind; title: string; body: string; data: NotificationData }): Promise<string>;
}
