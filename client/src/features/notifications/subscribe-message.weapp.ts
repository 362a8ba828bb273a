import Taro from '@tarojs/taro';

export const SUBSCRIBE_MESSAGES_SUPPORTED = true;

/**
 * Shows WeChat's subscribe prompt (must run inside a tap handler) and returns its answer per
 * template id ("accept", "reject", "ban", "filter"); an error (prompt closed, too frequent) answers nothing.
 */
export async function requestSubscribeMessage(templateIds: string[]): Promise<Record<string, string>> {
  try {
    const answer = (await Taro.requestSubscribeMessage({ tmplIds: templateIds, entityIds: [] } as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, string>;
    return Object.fromEntries(templateIds.filter((id) => typeof answer[id] === 'string').map((id) => [id, answer[id]!]));
  } catch {
    return {};
  }
}
