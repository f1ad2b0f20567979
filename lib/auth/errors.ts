// Shorthands for the typed errors the auth, settings and onboarding verbs throw.
import { AppError } from "@/lib/errors";

export const forbidden = (msg: string) => new AppError("forbidden", msg);
export const conflict = (msg: string, details?: Record<string, unknown>) => new AppError("conflict", msg, details);
export const invalid = (msg: string, details?: Record<string, unknown>) => new AppError("validation", msg, details);
export const rateLimited = (msg: string, retryAfterSeconds: number) => new AppError("rate_limited", msg, { retryAfterSeconds });

/** The one answer to a failed sign-in, whatever failed: it must not tell which accounts exist. */
export const SIGN_IN_FAILED = "the e-mail or password is not correct";
