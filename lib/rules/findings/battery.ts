import type { RuleContext } from "@/lib/rules/findings/context";
import type { Steps } from "@/lib/rules/steps/types";
import type { Finding } from "@/lib/rules/types";

const LOW_STEPS: Steps = {
  zh: ["电量低且未充电，请商户立即接上充电器", "确认充电指示灯亮起、电量开始回升", "充满后仍掉电很快，检查电池并考虑更换"],
  en: [
    "Battery is low and not charging: ask the merchant to plug in the charger now",
    "Check that the charging light comes on and the level starts to rise",
    "If it still drains fast after a full charge, check the battery and consider replacing it",
  ],
};

const CRITICAL_STEPS: Steps = {
  zh: ["电量即将耗尽，终端随时会关机，请商户马上充电", "关机前未完成的交易在开机后核对是否需要冲正", "充电后仍无法开机，报修检查电池"],
  en: [
    "The battery is nearly empty and the terminal will shut down: charge it immediately",
    "After it restarts, check whether any interrupted sale needs a reversal",
    "If it will not power on after charging, send it for a battery check",
  ],
};

const DRAIN_STEPS: Steps = {
  zh: ["接着充电器电量仍在下降：充电器、充电线或电池有故障", "换用原装充电器和另一条线测试", "仍掉电则更换电池或办理换机"],
  en: [
    "The level keeps falling while on the charger: charger, cable or battery is faulty",
    "Test with the original charger and another cable",
    "If it still drains, replace the battery or exchange the unit",
  ],
};

/** Judged on the latest reading: at or below the low threshold and not charging. */
export function lowBatteryFinding({ policy, battery }: RuleContext): Finding | null {
  const readings = battery.readings;
  const latest = readings.at(-1);
  if (!latest || latest.charging || latest.battery > policy.lowBatteryPct) return null;
  const critical = latest.battery <= policy.criticalBatteryPct;
  let first = readings.length - 1;
  while (first > 0 && !readings[first - 1]!.charging && readings[first - 1]!.battery <= policy.lowBatteryPct) first--;
  return {
    ruleId: critical ? "battery.critical" : "battery.low",
    category: "hardware",
    severity: critical ? "critical" : "warning",
    evidence: {
      readings: ["battery_pct", "charging"],
      values: {
        batteryPct: latest.battery,
        charging: false,
        thresholdPct: critical ? policy.criticalBatteryPct : policy.lowBatteryPct,
        recentPct: readings.slice(-5).map((r) => r.battery),
        ignoredGlitchesAt: battery.glitches,
        suddenDrop: battery.latestUnconfirmed,
      },
      since: readings[first]!.at,
    },
    message: critical
      ? { zh: `电量 ${latest.battery}% 且未充电，即将关机`, en: `Battery at ${latest.battery}% and not charging: about to shut down` }
      : { zh: `电量 ${latest.battery}% 且未充电`, en: `Battery at ${latest.battery}% and not charging` },
    steps: critical ? CRITICAL_STEPS : LOW_STEPS,
    // A reading that just fell off a cliff may still prove to be a glitch at the next heartbeat.
    ...(battery.latestUnconfirmed ? { confidence: "low" as const } : {}),
  };
}

/** Falling at each of the latest `chargingDrainBeats` heartbeats while charging. */
export function chargingDrainFinding({ policy, battery }: RuleContext): Finding | null {
  const n = policy.chargingDrainBeats;
  const tail = battery.readings.slice(-(n + 1));
  if (tail.length < n + 1) return null;
  const draining = tail.slice(1).every((r, i) => r.charging && r.battery < tail[i]!.battery);
  if (!draining) return null;
  const latest = tail.at(-1)!;
  const critical = latest.battery <= policy.criticalBatteryPct;
  return {
    ruleId: "battery.charging_drain",
    category: "hardware",
    severity: critical ? "critical" : "warning",
    evidence: {
      readings: ["battery_pct", "charging"],
      values: { batteryPct: tail.map((r) => r.battery), charging: true, beats: n },
      since: tail[1]!.at,
    },
    message: {
      zh: `充电中电量仍连续 ${n} 次下降（${tail.map((r) => r.battery).join("→")}%）`,
      en: `Battery fell at each of the last ${n} heartbeats while charging (${tail.map((r) => r.battery).join(" → ")} %)`,
    },
    steps: DRAIN_STEPS,
  };
}

export function batteryFindings(ctx: RuleContext): Finding[] {
  return [lowBatteryFinding(ctx), chargingDrainFinding(ctx)].filter((f): f is Finding => f !== null);
}
