import { queueParamsSchema, type QueueParams } from "@/db/queries/alerts-queue";

/** The queue's filters from the URL; a stale or hand-edited value is dropped rather than failing the page. */
export function parseQueueParams(sp: Record<string, string | string[] | undefined>): QueueParams {
  const raw: Record<string, string> = {};
  for (const [k, v] of Object.entries(sp)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined && first !== "") raw[k] = first;
  }
  const r = queueParamsSchema.safeParse(raw);
  if (r.success) return r.data;
  for (const issue of r.error.issues) delete raw[String(issue.path[0])];
  return queueParamsSchema.parse(raw);
}
