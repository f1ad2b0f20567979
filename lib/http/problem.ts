import { AppError, type ErrorCode } from "@/lib/errors";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
};

const TITLE: Record<ErrorCode, string> = {
  bad_request: "Bad request",
  validation: "Validation failed",
  unauthorized: "Unauthorized",
  forbidden: "Forbidden",
  not_found: "Not found",
  method_not_allowed: "Method not allowed",
  conflict: "Conflict",
  payload_too_large: "Payload too large",
  unsupported_media_type: "Unsupported media type",
  rate_limited: "Too many requests",
  unavailable: "Service unavailable",
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  [extra: string]: unknown;
}

/** RFC 9457 problem details for an error; anything that is not an AppError is a 500 with no internals. */
export function toProblem(err: unknown): Problem {
  if (err instanceof AppError) {
    return {
      type: `https://pos-fleet-health.dev/problems/${err.code.replaceAll("_", "-")}`,
      title: TITLE[err.code],
      status: STATUS[err.code],
      detail: err.message,
      ...err.details,
    };
  }
  return {
    type: "about:blank",
    title: "Internal server error",
    status: 500,
    detail: "The server failed to handle the request; it has been logged.",
  };
}
