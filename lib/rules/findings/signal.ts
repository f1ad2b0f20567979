import type { RuleContext } from "@/lib/rules/findings/context";
import { WEAK_SIGNAL_STEPS } from "@/lib/rules/steps/network";
import type { Finding, RuleHeartbeat } from "@/lib/rules/types";

/** No service (network NONE or no reading) is the weakest signal there is. */
export function isWeak(h: RuleHeartbeat, weakSignalDbm: number): boolean {
  return h.network === "NONE" || h.signalDbm === null || h.signalDbm <= weakSignalDbm;
}

/** Weak in each of the latest `weakSignalBeats` heartbeats; fewer beats than that never fire. */
export function weakSignalFinding({ beats, policy }: RuleContext): Finding | null {
  const n = policy.weakSignalBeats;
  const latest = beats.slice(-n);
  if (latest.length < n || !latest.every((h) => isWeak(h, policy.weakSignalDbm))) return null;
  let first = beats.length - n;
  while (first > 0 && isWeak(beats[first - 1]!, policy.weakSignalDbm)) first--;
  const run = beats.slice(first);
  const shown = run.map((h) => (h.signalDbm === null || h.network === "NONE" ? "no service" : `${h.signalDbm} dBm`));
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
    },
    message: {
      zh: `最近 ${run.length} 次心跳信号均弱于 ${policy.weakSignalDbm} dBm 或无服务（${shown.join("、")}）`,
      en: `Signal at or below ${policy.weakSignalDbm} dBm or no service in the last ${run.length} heartbeats (${shown.join(", ")})`,
    },
    steps: WEAK_SIGNAL_STEPS,
  };
}
