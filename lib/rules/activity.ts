// Activity clocks: is a terminal selling, and how long until the rules force it off. Pure: the
// moment `now` is passed in, nothing is read from the clock or the store.
//
// States, judged from the last sale (a heartbeat with txn_count > 0) and the activation time:
//   active        a sale less than quietDays ago
//   quiet         no sale for at least quietDays (and less than dormantDays)
//   dormant       no sale for at least dormantDays
//   new           activated less than neverTradedDays ago and no sale yet
//   never_traded  no sale at all, neverTradedDays or more after activation
// Dormancy stands beside the health category, not instead of it: a terminal can be healthy and
// dormant, or offline and active (it sold yesterday).
import type { Policy } from "@/lib/domain/policy";
import { DAY_MS, SHANGHAI_OFFSET_MS } from "@/lib/domain/time";

export const ACTIVITY_STATES = ["active", "quiet", "dormant", "new", "never_traded"] as const;
export type ActivityState = (typeof ACTIVITY_STATES)[number];

export type ActivityPolicy = Pick<Policy, "quietDays" | "dormantDays" | "neverTradedDays" | "switchOffMonths">;

export interface ActivityInput {
  /** Epoch ms of the last heartbeat that reported a sale, or null if none ever did. */
  lastTxnAt: number | null;
  /** Epoch ms the terminal was activated; null when the import did not say (createdAt stands in). */
  activatedAt: number | null;
  /** Epoch ms the terminal was registered. */
  createdAt: number;
}

export interface Activity {
  state: ActivityState;
  /** Where the clocks start: the last sale, else the activation, else the registration. */
  since: number;
  /** Whole days without a sale (since the last sale, or since activation when there was none). */
  idleDays: number;
  /** Whole days since activation (or registration). */
  daysSinceActivation: number;
  /** The moment the terminal must be switched off: `since` plus switchOffMonths calendar months. */
  switchOffAt: number;
  /**
   * Whole days left until switchOffAt, rounded up (0 = due today or overdue). Only for quiet,
   * dormant and never-traded terminals; null otherwise.
   */
  switchOffInDays: number | null;
  /** True once switchOffAt has passed. */
  switchOffDue: boolean;
}

/** Whole days in `ms` (floor), never negative. */
export function wholeDays(ms: number): number {
  return ms <= 0 ? 0 : Math.floor(ms / DAY_MS);
}

/**
 * `at` plus `months` calendar months on the Asia/Shanghai calendar, at the same wall time. A day
 * the target month lacks (31 March + 1 month) falls back to that month's last day.
 */
export function addMonthsShanghai(at: number, months: number): number {
  const local = new Date(at + SHANGHAI_OFFSET_MS);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(local.getUTCDate(), lastDay);
  const shifted = Date.UTC(y, m, day, local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds(), local.getUTCMilliseconds());
  return shifted - SHANGHAI_OFFSET_MS;
}

/** The activity state and the clocks of one terminal at `now`. */
export function activityOf(input: ActivityInput, policy: ActivityPolicy, now: number): Activity {
  const activated = input.activatedAt ?? input.createdAt;
  const since = input.lastTxnAt ?? activated;
  const idle = now - since;
  const daysSinceActivation = wholeDays(now - activated);
  let state: ActivityState;
  if (input.lastTxnAt === null) {
    state = now - activated >= policy.neverTradedDays * DAY_MS ? "never_traded" : "new";
  } else if (idle >= policy.dormantDays * DAY_MS) state = "dormant";
  else if (idle >= policy.quietDays * DAY_MS) state = "quiet";
  else state = "active";
  const switchOffAt = addMonthsShanghai(since, policy.switchOffMonths);
  const counting = state === "quiet" || state === "dormant" || state === "never_traded";
  return {
    state,
    since,
    idleDays: wholeDays(idle),
    daysSinceActivation,
    switchOffAt,
    switchOffInDays: counting ? Math.max(0, Math.ceil((switchOffAt - now) / DAY_MS)) : null,
    switchOffDue: now >= switchOffAt,
  };
}

/** How urgent a terminal is on the activity list: lower sorts first (the nearest switch-off). */
export function activityUrgency(a: Activity): number {
  if (a.state === "active" || a.state === "new") return Number.POSITIVE_INFINITY;
  return a.switchOffAt;
}
