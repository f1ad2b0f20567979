// Typed errors of the domain. lib/http/problem.ts maps each code to one HTTP status.
export const ERROR_CODES = [
  "bad_request",
  "validation",
  "unauthorized",
  "forbidden",
  "not_found",
  "method_not_allowed",
  "conflict",
  "payload_too_large",
  "unsupported_media_type",
  "rate_limited",
  "unavailable",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const badRequest = (msg: string, details?: Record<string, unknown>) => new AppError("bad_request", msg, details);
export const unauthorized = (msg: string) => new AppError("unauthorized", msg);
export const notFound = (msg: string) => new AppError("not_found", msg);
