import type { CampaignStatus } from '@tongxin/shared';

export const CAMPAIGN_STATUS_LABELS: Record<CampaignStatus, string> = { draft: '草稿', review: '审核中', live: '募捐中', ended: '已结束', closed: '已结项' };
