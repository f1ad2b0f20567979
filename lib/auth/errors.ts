// Shorthands for the typed errors the auth, settings and onboarding verbs throw. Validation errors
// carry machine-readable `issues` (field, code, bounds) or a `reason`, so pages can word them in
// the reader's language while the API shows the English `detail`.
import type { z } from "zod";
import { AppError } from "@/lib/errors";

export const forbidden = (msg: string) => new AppError("forbidden", msg);
export const conflict = (msg: string, details?: Record<string, unknown>) => new AppError("conflict", msg, details);
export const rateLimited = (msg: string, retryAfterSeconds: number) => new AppError("rate_limited", msg, { retryAfterSeconds });

/** Reasons a validation error can give besides a field rule; pages translate each. */
export type InvalidReason =
  | "unknown_agent"
  | "self_lockout"
  | "wrong_current_password"
  | "too_many_tokens"
  | "bad_csv"
  | "sign_in_input";

export const invalid = (msg: string, details?: { field?: string; reason?: InvalidReason } & Record<string, unknown>) => new AppError("validation", msg, details);

/** The one answer to a failed sign-in, whatever failed: it must not tell which accounts exist. */
export const SIGN_IN_FAILED = "the e-mail or password is not correct";

export interface FieldIssue {
  field: string;
  /** zod's issue code: too_small, too_big, invalid_format, invalid_value, invalid_type, custom. */
  code: string;
  message: string;
  /** zod's bounds and details (minimum, maximum, format, values, params of a refinement). */
  params: Record<string, unknown>;
}

export function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => {
    const { code, message, path, input: _input, params, ...rest } = i as unknown as {
      code: string;
      message: string;
      path: PropertyKey[];
      input?: unknown;
      params?: Record<string, unknown>;
    } & Record<string, unknown>;
    return { field: path.map(String).join("."), code, message, params: { ...rest, ...(params ?? {}) } };
  });
}

/** A validation AppError listing every issue; the detail names each field and what to fix. */
export function fromZod(error: z.ZodError, prefix = ""): AppError {
  const issues = issuesOf(error);
  const detail = issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join("; ");
  return invalid(prefix + detail, { field: issues[0]?.field ?? "", issues });
}
