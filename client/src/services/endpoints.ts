/**
 * Where the server lives, on the web: H5 is served by the API server itself, so the API and
 * Socket.IO are same-origin. The mini-program variant is `endpoints.weapp.ts`.
 */
export const API_BASE: string = '/api/v1';

/** Socket.IO origin; `undefined` means the page's own origin. */
export const SOCKET_ORIGIN: string | undefined = undefined;

export const SOCKET_PATH = '/socket.io';
