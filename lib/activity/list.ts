// The activity list: idle terminals of a scope with their clocks, most urgent first. Reads the
// sales rollups only (db/activity.ts), judges each row with the pure clocks (lib/rules/activity).
import { z } from "zod";
import { listIdle, salesSummaries, IDLE_STATES, type IdleRow, type SalesSummary } from "@/db/activity";
import type { Db } from "@/db/client";
import { getPolicy } from "@/db/policy";
import type { Scope } from "@/lib/domain/scope";
import { activityOf, type Activity } from "@/lib/rules/activity";

const opt = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional());
const text = (max: number) => z.string().trim().min(1).max(max);

export const ACTIVITY_PAGE_SIZE = 50;

/** The list's filters and page, from the query string (the same conventions as the terminal list). */
export const activityParamsSchema = z.object({
  state: opt(z.enum(IDLE_STATES)).describe("quiet, dormant or never_traded"),
  agent: opt(z.coerce.number().int().positive()).describe("agent id; includes its sub-agents"),
  city: opt(text(64)),
  q: opt(text(64)).describe("serial number prefix or part of the merchant name"),
  page: opt(z.coerce.number().int().min(1).max(10_000)).default(1),
});
export type ActivityParams = z.infer<typeof activityParamsSchema>;

export interface ActivityItem extends IdleRow {
  activity: Activity;
  sales: SalesSummary | null;
}

export interface ActivityListPage {
  items: ActivityItem[];
  total: number;
  page: number;
  pages: number;
}

/** One page of the list at `now`; `size` rows at most. */
export async function activityList(db: Db, scope: Scope, p: ActivityParams, now: number, size = ACTIVITY_PAGE_SIZE): Promise<ActivityListPage> {
  const policy = await getPolicy(db);
  const { rows, total } = await listIdle(db, scope, p, policy, now, { limit: size, offset: (p.page - 1) * size });
  const sales = await salesSummaries(db, scope, rows.map((r) => r.id), now);
  return {
    items: rows.map((r) => ({ ...r, activity: activityOf(r, policy, now), sales: sales.get(r.id) ?? null })),
    total,
    page: p.page,
    pages: Math.max(1, Math.ceil(total / size)),
  };
}

/** Every row matching the filters, page by page (the CSV export). */
export async function* iterateActivity(db: Db, scope: Scope, p: ActivityParams, now: number, size = 500): AsyncGenerator<ActivityItem> {
  for (let page = 1; ; page++) {
    const got = await activityList(db, scope, { ...p, page }, now, size);
    yield* got.items;
    if (page >= got.pages) return;
  }
}

/** The countdown sentence's message key and values (lib/i18n `activity.countdown.*`). */
export function countdownOf(a: Activity): { key: "overdue" | "switchOff" | "noSaleAfterActivation" | "noSaleFor"; days: number; switchOffDays: number } {
  const switchOffDays = a.switchOffInDays ?? 0;
  if (a.switchOffDue) return { key: "overdue", days: a.idleDays, switchOffDays };
  if (a.state === "never_traded") return { key: "noSaleAfterActivation", days: a.daysSinceActivation, switchOffDays };
  if (a.state === "dormant") return { key: "switchOff", days: a.idleDays, switchOffDays };
  return { key: "noSaleFor", days: a.idleDays, switchOffDays };
}
