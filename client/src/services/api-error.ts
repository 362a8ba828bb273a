import { ERRORS, type ErrorCode, type FieldError, type Problem } from '@tongxin/shared';

/** Failures the client detects itself, before or instead of an API answer. */
const CLIENT_ERRORS = {
  NETWORK_ERROR: { title: '网络不太给力，请检查网络后重试' },
  BAD_RESPONSE: { title: '服务器的回应看不懂，请稍后再试' },
  NOT_CONFIGURED: { title: '还没有配置服务器地址' },
} as const;

export type ClientErrorCode = keyof typeof CLIENT_ERRORS;
export type ApiErrorCode = ErrorCode | ClientErrorCode;

/**
 * The one error type of the API client: an API problem+json document, or a client-side failure
 * with status 0. `title` is Chinese and fit to show as is.
 */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly title: string;
  /** HTTP status; 0 when no usable answer arrived. */
  readonly status: number;
  readonly errors: FieldError[];
  readonly requestId?: string;

  constructor(problem: { code: ApiErrorCode; title: string; status: number; errors?: FieldError[]; requestId?: string }) {
    super(`${problem.code}: ${problem.title}`);
    this.name = 'ApiError';
    this.code = problem.code;
    this.title = problem.title;
    this.status = problem.status;
    this.errors = problem.errors ?? [];
    this.requestId = problem.requestId;
  }

  /** True when only signing in again can help. */
  get needsLogin(): boolean {
    return this.status === 401;
  }

  /** The message for one field, e.g. `fieldError('phone')`. */
  fieldError(path: string): string | undefined {
    return this.errors.find((e) => e.path === path)?.message;
  }

  static client(code: ClientErrorCode): ApiError {
    return new ApiError({ code, title: CLIENT_ERRORS[code].title, status: 0 });
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

function isProblem(body: unknown): body is Problem {
  if (typeof body !== 'object' || body === null) return false;
  const { code, title } = body as Partial<Problem>;
  return typeof code === 'string' && typeof title === 'string';
}

/** Turns a failed response into an ApiError: the problem document when there is one, else by status. */
export function toApiError(status: number, body: unknown): ApiError {
  if (isProblem(body)) {
    const { code, title, errors, requestId } = body;
    return new ApiError({ code, title, status, errors, requestId });
  }
  // A proxy or gateway answered instead of the API (an HTML page, an empty body).
  const code: ErrorCode | null =
    status === 401 ? 'UNAUTHENTICATED'
      : status === 429 ? 'RATE_LIMITED'
        : status >= 502 && status <= 504 ? 'SERVICE_UNAVAILABLE'
          : status >= 500 ? 'INTERNAL'
            : null;
  if (code === null) return new ApiError({ code: 'BAD_RESPONSE', title: CLIENT_ERRORS.BAD_RESPONSE.title, status });
  return new ApiError({ code, title: ERRORS[code].title, status });
}

/** Any thrown value as an ApiError, so the UI has one shape to show. */
export function asApiError(error: unknown): ApiError {
  return isApiError(error) ? error : ApiError.client('NETWORK_ERROR');
}
