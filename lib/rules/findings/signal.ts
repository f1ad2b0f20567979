import { describeFacts } from "@/lib/rules/describe";
import type { Fact } from "@/lib/rules/facts";
import type { RuleContext } from "@/lib/rules/findings/context";
import { isWeak } from "@/lib/rules/findings/link";
import { WEAK_SIGNAL_STEPS } from "@/lib/rules/steps/network";
import type { Finding } from "@/lib/rules/types";

export { isWeak } from "@/lib/rules/findings/link";

/** Weak in each of the latest `weakSignalBeats` heartbeats; fewer beats than that never fire. */
export function weakSignalFinding({ beats, policy }: RuleContext): Finding | null {
  const n = policy.weakSignalBeats;
  const latest = beats.slice(-n);
  if (latest.length < n || !latest.every((h) => isWeak(h, policy.weakSignalDbm))) return null;
  let first = beats.length - n;
  while (first > 0 && isWeak(beats[first - 1]!, policy.weakSignalDbm)) first--;
  const run = beats.slice(first);
  const readings = run.filter((h) => h.network !== "NONE" && h.signalDbm !== null).map((h) => h.signalDbm!);
  const fact: Fact = {
    kind: "weak_signal",
    beats: run.length,
    thresholdDbm: policy.weakSignalDbm,
    minDbm: readings.length > 0 ? Math.min(...readings) : null,
    noServiceBeats: run.length - readings.length,
    since: run[0]!.at,
    lastAt: run.at(-1)!.at,
  };
  return {
    ruleId: "signal.weak",
    category: "network",
    severity: "warning",
    evidence: {
      readings: ["signal_dbm", "network"],
      values: {
        thresholdDbm: policy.weakSignalDbm,
        weakBeats: run.length,
        signals: run.map((h) => h.signalDbm),
        networks: run.map((h) => h.network),
      },
      since: run[0]!.at,
      facts: [fact],
    },
    message: { zh: describeFacts([fact], "zh-CN")[0]!, en: describeFacts([fact], "en")[0]! },
    steps: WEAK_SIGNAL_STEPS,
  };
}
