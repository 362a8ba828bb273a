/**
 * Where the server lives, in the mini-program: an absolute origin from the build env
 * (`TARO_APP_API_BASE`, checked by config/env.ts), which must be a legal domain of the app.
 * Empty when the build was not configured; the API client then reports NOT_CONFIGURED.
 */
const origin = process.env.TARO_APP_API_BASE ?? '';

export const API_BASE = origin === '' ? '' : `${origin}/api/v1`;

/** Socket.IO origin as ws(s)://, since the mini-program only speaks websocket to it. */
export const SOCKET_ORIGIN: string | undefined = origin === '' ? undefined : origin.replace(/^http/, 'ws');

export const SOCKET_PATH = '/socket.io';
