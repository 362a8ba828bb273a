import { ERRORS, type ErrorCode, type FieldError } from '@tongxin/shared';

/** The one error family the API answers with; `code` is stable, `status` and title come from shared/errors. */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly errors?: FieldError[],
  ) {
    super(detail ?? code);
    this.name = new.target.name;
    this.status = ERRORS[code].status;
  }
}

export class ValidationError extends AppError {
  constructor(errors: FieldError[], detail?: string) {
    super('VALIDATION_FAILED', detail, errors);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(code: 'UNAUTHENTICATED' | 'TOKEN_EXPIRED' | 'REFRESH_TOKEN_INVALID' | 'SESSION_REVOKED' = 'UNAUTHENTICATED') {
    super(code);
  }
}

export class ForbiddenError extends AppError {
  constructor(detail?: string) {
    super('FORBIDDEN', detail);
  }
}

export class NotFoundError extends AppError {
  constructor(detail?: string) {
    super('NOT_FOUND', detail);
  }
}

export class ConflictError extends AppError {
  constructor(code: ErrorCode = 'CONFLICT', detail?: string) {
    super(code, detail);
  }
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED');
  }
}

/** Mongo duplicate key (E11000): the "already done" answer of insert-first idempotency. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
