// Turns a typed error into a sentence in the reader's language, plus per-field messages for forms.
import { AppError } from "@/lib/errors";
import type { FieldIssue } from "@/lib/auth/errors";
import { log } from "@/lib/log";

type T = (key: string, values?: Record<string, string | number>) => string;

export interface Described {
  error: string;
  fields: Record<string, string>;
}

function issueMessage(i: FieldIssue, t: T): string {
  const p = i.params as { origin?: string; minimum?: number; maximum?: number; format?: string; reason?: string };
  if (i.field.startsWith("minFirmware") || i.field.startsWith("blockedFirmware")) return t("issue.version");
  switch (i.code) {
    case "too_small":
      return p.origin === "string" ? t("issue.tooShort", { min: Number(p.minimum) }) : p.origin === "array" ? t("issue.minItems", { min: Number(p.minimum) }) : t("issue.min", { min: Number(p.minimum) });
    case "too_big":
      return p.origin === "string" ? t("issue.tooLong", { max: Number(p.maximum) }) : p.origin === "array" ? t("issue.maxItems", { max: Number(p.maximum) }) : t("issue.max", { max: Number(p.maximum) });
    case "invalid_format":
      return p.format === "email" ? t("issue.email") : t("issue.format");
    case "invalid_value":
      return t("issue.choice");
    case "invalid_type":
      return t("issue.type");
    default:
      if (p.reason === "mismatch") return t("issue.mismatch");
      if (p.reason === "unchanged") return t("issue.unchanged");
      if (i.field === "criticalBatteryPct") return t("issue.criticalAboveLow");
      return t("issue.invalid");
  }
}

/** `t` is the "settings.errors" translator. Unexpected errors are logged and worded generically. */
export function describeError(err: unknown, t: T): Described {
  if (!(err instanceof AppError)) {
    log.error({ err }, "server action failed");
    return { error: t("unexpected"), fields: {} };
  }
  const d = (err.details ?? {}) as { issues?: FieldIssue[]; reason?: string; field?: string; retryAfterSeconds?: number };
  switch (err.code) {
    case "validation": {
      if (d.issues?.length) {
        const fields: Record<string, string> = {};
        for (const i of d.issues) fields[i.field] ??= issueMessage(i, t);
        return { error: t("validation"), fields };
      }
      const msg = d.reason ? t(`reason.${d.reason}`) : t("validation");
      return { error: msg, fields: d.field ? { [d.field]: msg } : {} };
    }
    case "forbidden":
      return { error: t("forbidden"), fields: {} };
    case "not_found":
      return { error: t("notFound"), fields: {} };
    case "conflict":
      return { error: t("conflict"), fields: d.field ? { [d.field]: t("conflict") } : {} };
    case "rate_limited":
      return { error: t("rateLimited", { minutes: Math.ceil((d.retryAfterSeconds ?? 60) / 60) }), fields: {} };
    case "unauthorized":
      return { error: t("unauthorized"), fields: {} };
    default:
      return { error: t("unexpected"), fields: {} };
  }
}
