import Taro from '@tarojs/taro';
import type { PaymentParams } from '@tongxin/shared';
import { ApiError } from '@/services/api-error';

/**
 * Pays a WeChat Pay JSAPI order with the server's signed parameters. The donation becomes paid
 * when WeChat's notification reaches the server, not when this resolves; the page refreshes after.
 */
export async function payWithWechat(params: Extract<PaymentParams, { provider: 'wechat' }>): Promise<void> {
  try {
    await Taro.requestPayment({
      timeStamp: params.timeStamp,
      nonceStr: params.nonceStr,
      package: params.package,
      signType: params.signType,
      paySign: params.paySign,
    });
  } catch (error) {
    const cancelled = String((error as { errMsg?: string }).errMsg ?? '').includes('cancel');
    throw new ApiError({ code: 'BAD_RESPONSE', title: cancelled ? '已取消支付' : '支付没有完成，请稍后再试', status: 0 });
  }
}
