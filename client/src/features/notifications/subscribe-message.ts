/** The web has no subscribe messages: reminders reach H5 users through the inbox only. */
export const SUBSCRIBE_MESSAGES_SUPPORTED = false;

/** Never called on H5 (see SUBSCRIBE_MESSAGES_SUPPORTED); answers nothing. */
export async function requestSubscribeMessage(_templateIds: string[]): Promise<Record<string, string>> {
  return {};
}
