import type { PaymentParams } from '@tongxin/shared';
import { ApiError } from '@/services/api-error';

/** The web cannot call `wx.requestPayment`; a WeChat Pay order reaching H5 means a misconfigured server. */
export async function payWithWechat(_params: Extract<PaymentParams, { provider: 'wechat' }>): Promise<void> {
  throw new ApiError({ code: 'BAD_RESPONSE', title: '请在微信小程序中完成支付', status: 0 });
}
