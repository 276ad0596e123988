/** Error codes shared by server and clients; the HTTP status each one travels with. */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  SOLD_OUT: 'SOLD_OUT',
  CLOSED: 'CLOSED',
  ALREADY_DONE: 'ALREADY_DONE',
  RATE_LIMITED: 'RATE_LIMITED',
  CONTENT_REJECTED: 'CONTENT_REJECTED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  INTERNAL: 'INTERNAL',
  /** WeChat (or another upstream platform) failed or refused the call. */
  UPSTREAM_FAILED: 'UPSTREAM_FAILED',
  /** The feature is not configured on this server (e.g. WeChat login without credentials). */
  UNAVAILABLE: 'UNAVAILABLE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const ErrorStatus: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  SOLD_OUT: 409,
  CLOSED: 409,
  ALREADY_DONE: 409,
  RATE_LIMITED: 429,
  CONTENT_REJECTED: 422,
  PAYLOAD_TOO_LARGE: 413,
  INTERNAL: 500,
  UPSTREAM_FAILED: 502,
  UNAVAILABLE: 503,
};

/** One field-level problem in a VALIDATION_FAILED error. */
export interface FieldError {
  field: string;
  message: string;
}

/** The body of every error response. */
export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  details?: FieldError[];
}
