import type { Category } from "@/lib/domain/enums";
import { diagnose } from "@/lib/rules/diagnose";
import type { WearInput } from "@/lib/rules/findings/battery-wear";
import type { RegisteredPlace } from "@/lib/rules/findings/relocation";
import type { Policy } from "@/lib/rules/policy";
import type { RuleHeartbeat } from "@/lib/rules/types";

export interface DryRunTerminal {
  sn: string;
  heartbeats: RuleHeartbeat[];
  currentCategory: Category;
  /** The terminal's stored battery wear estimate, so a change of the wear horizon shows too. */
  wear?: WearInput | null;
  /** The terminal's registered place, so a change of the relocation distance shows too. */
  place?: RegisteredPlace | null;
}

export interface DryRunResult {
  changed: number;
  total: number;
  /** Only the terminals whose category would change, in input order. */
  items: { sn: string; from: Category; to: Category }[];
}

/** What a candidate policy would do to the fleet's categories, without storing anything. */
export function dryRunPolicy(terminals: readonly DryRunTerminal[], candidate: Policy, now: number): DryRunResult {
  const items = terminals
    .map((t) => ({ sn: t.sn, from: t.currentCategory, to: diagnose(t.heartbeats, candidate, now, t.place ?? null, t.wear).category }))
    .filter((item) => item.from !== item.to);
  return { changed: items.length, total: terminals.length, items };
}
