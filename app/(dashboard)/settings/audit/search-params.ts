// The audit page's filters live in the URL; anything malformed falls back to "no filter".
import { z } from "zod";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined);

export const auditParamsSchema = z.object({
  action: z.string().max(64).optional().catch(undefined),
  q: z.string().max(100).optional().catch(undefined),
  from: day,
  to: day,
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});
export type AuditParams = z.infer<typeof auditParamsSchema>;

export const PAGE_SIZE = 50;

/** A calendar day in China (UTC+8, no DST) as epoch ms at its start. */
export function dayStart(d: string): number {
  return Date.parse(`${d}T00:00:00+08:00`);
}

export function parseAuditParams(raw: Record<string, string | string[] | undefined>): AuditParams {
  const first = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]).filter(([, v]) => v !== undefined && v !== ""));
  return auditParamsSchema.parse(first);
}
