import Taro from '@tarojs/taro';
import type { TokenPair } from '@tongxin/shared';
import { ApiError, toApiError } from './api-error';
import { API_BASE } from './endpoints';
import { session } from './session';

export { ApiError, asApiError, isApiError } from './api-error';
export type { ApiErrorCode } from './api-error';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: object;
  /** Send the access token (default true); sign-in routes pass false. */
  auth?: boolean;
  /** Extra request headers, e.g. `Idempotency-Key`. */
  headers?: Record<string, string>;
}

/** Per request, in milliseconds. */
const TIMEOUT_MS = 15_000;

function urlOf(path: string, query?: Query): string {
  const pairs = Object.entries(query ?? {})
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return `${API_BASE}${path}${pairs.length > 0 ? `?${pairs.join('&')}` : ''}`;
}

async function send<T>(method: Method, path: string, options: RequestOptions): Promise<T> {
  if (API_BASE === '') throw ApiError.client('NOT_CONFIGURED');
  const header: Record<string, string> = { Accept: 'application/json, application/problem+json', ...options.headers };
  if (options.body !== undefined) header['Content-Type'] = 'application/json';
  const token = options.auth === false ? null : session.accessToken();
  if (token) header.Authorization = `Bearer ${token}`;

  let response: { statusCode: number; data: unknown };
  try {
    response = await Taro.request({
      url: urlOf(path, options.query),
      method,
      header,
      data: options.body,
      dataType: 'json',
      timeout: TIMEOUT_MS,
    });
  } catch {
    // Taro rejects only when no HTTP answer arrived (offline, DNS, TLS, timeout).
    throw ApiError.client('NETWORK_ERROR');
  }
  const { statusCode, data } = response;
  if (statusCode >= 200 && statusCode < 300) return (statusCode === 204 ? undefined : data) as T;
  throw toApiError(statusCode, data);
}

let refreshing: Promise<boolean> | null = null;

async function renewTokens(): Promise<boolean> {
  const refreshToken = session.refreshToken();
  if (refreshToken === null) return false;
  try {
    session.save(await send<TokenPair>('POST', '/auth/refresh', { body: { refreshToken }, auth: false }));
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.needsLogin) return false;
    throw error;
  }
}

/**
 * Trades the refresh token for new tokens, once for all callers at a time: refresh tokens rotate,
 * so two parallel refreshes would spend the same token twice. Resolves false when the user must
 * sign in again (and forgets the session then).
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= renewTokens()
    .then((renewed) => {
      if (!renewed) session.clear();
      return renewed;
    })
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/**
 * Calls the API and resolves with the parsed body, or rejects with an ApiError. An expired access
 * token is renewed once and the call retried; when the session cannot be saved it is cleared.
 */
export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  try {
    return await send<T>(method, path, options);
  } catch (error) {
    const authed = options.auth !== false;
    if (!(error instanceof ApiError) || !authed || !error.needsLogin) throw error;
    if (error.code === 'TOKEN_EXPIRED' && (await refreshSession())) return send<T>(method, path, options);
    session.clear();
    throw error;
  }
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: object, options?: Omit<RequestOptions, 'body'>) => request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body: object) => request<T>('PUT', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
