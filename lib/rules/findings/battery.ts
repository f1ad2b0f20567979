import type { Fact } from "@/lib/rules/facts";
import { headline, type RuleContext } from "@/lib/rules/findings/context";
import { CHARGER_FAULT_STEPS } from "@/lib/rules/steps/hardware";
import type { Steps } from "@/lib/rules/steps/types";
import type { BatteryReading } from "@/lib/rules/window";
import type { Finding } from "@/lib/rules/types";

const LOW_STEPS: Steps = {
  zh: ["请商户立即接上充电器", "确认充电指示灯亮起、电量开始回升", "充满后仍掉电很快，检查电池并考虑更换"],
  en: [
    "Ask the merchant to plug in the charger now",
    "Check that the charging light comes on and the level starts to rise",
    "If it still drains fast after a full charge, check the battery and consider replacing it",
  ],
};

const CRITICAL_STEPS: Steps = {
  zh: ["请商户马上接上充电器：电量即将耗尽，终端随时会关机", "关机前未完成的交易在开机后核对是否需要冲正", "充电后仍无法开机，报修检查电池"],
  en: [
    "Ask the merchant to plug in the charger right away: the battery is nearly empty and the terminal will shut down",
    "After it restarts, check whether any interrupted sale needs a reversal",
    "If it will not power on after charging, send it for a battery check",
  ],
};

const DRAIN_STEPS: Steps = {
  zh: ["请商户换用原装充电器和另一条充电线测试：接着充电器电量仍在下降", "仍掉电说明电池或充电电路故障", "更换电池或办理换机"],
  en: [
    "Ask the merchant to test with the original charger and another cable: the level keeps falling on the charger",
    "If it still drains, the battery or the charging circuit is faulty",
    "Replace the battery or exchange the unit",
  ],
};

/** Below this a working charger raises the level within a few heartbeats; near full it may hold. */
export const CHARGE_STALL_BELOW_PCT = 90;

/** Judged on the latest reading: at or below the low threshold and not charging. */
export function lowBatteryFinding({ policy, battery }: RuleContext): Finding | null {
  const readings = battery.readings;
  const latest = readings.at(-1);
  if (!latest || latest.charging || latest.battery > policy.lowBatteryPct) return null;
  const critical = latest.battery <= policy.criticalBatteryPct;
  let first = readings.length - 1;
  while (first > 0 && !readings[first - 1]!.charging && readings[first - 1]!.battery <= policy.lowBatteryPct) first--;
  const recent = readings.slice(-5);
  const threshold = critical ? policy.criticalBatteryPct : policy.lowBatteryPct;
  const facts: Fact[] = [{ kind: "battery_low", pct: latest.battery, thresholdPct: threshold, critical, at: latest.at }];
  if (recent.length > 1) facts.push({ kind: "battery_trend", levels: recent.map((r) => r.battery), from: recent[0]!.at, to: latest.at });
  if (battery.latestUnconfirmed) facts.push({ kind: "battery_unconfirmed", fromPct: readings.at(-2)!.battery, toPct: latest.battery, at: latest.at });
  if (battery.glitches.length > 0) facts.push({ kind: "battery_glitches", at: battery.glitches });
  return {
    ruleId: critical ? "battery.critical" : "battery.low",
    category: "hardware",
    severity: critical ? "critical" : "warning",
    evidence: {
      readings: ["battery_pct", "charging"],
      values: {
        batteryPct: latest.battery,
        charging: false,
        thresholdPct: threshold,
        recentPct: recent.map((r) => r.battery),
        ignoredGlitchesAt: battery.glitches,
        suddenDrop: battery.latestUnconfirmed,
      },
      since: readings[first]!.at,
      facts,
    },
    message: headline(facts),
    steps: critical ? CRITICAL_STEPS : LOW_STEPS,
    // A reading that just fell off a cliff may still prove to be a glitch at the next heartbeat.
    ...(battery.latestUnconfirmed ? { confidence: "low" as const } : {}),
  };
}

function charger(ruleId: string, tail: BatteryReading[], critical: boolean, fact: Fact, values: Record<string, unknown>, steps: Steps): Finding {
  return {
    ruleId,
    category: "hardware",
    severity: critical ? "critical" : "warning",
    evidence: { readings: ["battery_pct", "charging"], values, since: tail[1]!.at, facts: [fact] },
    message: headline([fact]),
    steps,
  };
}

const strictlyFalling = (tail: BatteryReading[]) => tail.slice(1).every((r, i) => r.battery < tail[i]!.battery);

/** Falling at each of the latest `chargingDrainBeats` heartbeats while charging. */
export function chargingDrainFinding({ policy, battery }: RuleContext): Finding | null {
  const n = policy.chargingDrainBeats;
  const tail = battery.readings.slice(-(n + 1));
  if (tail.length < n + 1) return null;
  if (!tail.slice(1).every((r) => r.charging) || !strictlyFalling(tail)) return null;
  const latest = tail.at(-1)!;
  const levels = tail.map((r) => r.battery);
  return charger(
    "battery.charging_drain",
    tail,
    latest.battery <= policy.criticalBatteryPct,
    { kind: "charging_drain", levels, from: tail[0]!.at, to: latest.at },
    { batteryPct: levels, charging: true, beats: n },
    DRAIN_STEPS,
  );
}

/** On the charger for the latest `chargingDrainBeats` heartbeats and the level never rose (stuck at 8 %). */
export function chargingStalledFinding({ policy, battery }: RuleContext): Finding | null {
  const n = policy.chargingDrainBeats;
  const tail = battery.readings.slice(-(n + 1));
  if (tail.length < n + 1 || !tail.every((r) => r.charging) || strictlyFalling(tail)) return null;
  const start = tail[0]!.battery;
  const latest = tail.at(-1)!;
  if (latest.battery >= CHARGE_STALL_BELOW_PCT || tail.some((r) => r.battery > start)) return null;
  const levels = tail.map((r) => r.battery);
  return charger(
    "battery.charging_stalled",
    tail,
    latest.battery <= policy.criticalBatteryPct,
    { kind: "charging_stalled", beats: tail.length, levels, from: tail[0]!.at, to: latest.at },
    { batteryPct: levels, charging: true, beats: tail.length },
    CHARGER_FAULT_STEPS,
  );
}

/** The charging flag flips beat to beat while the level falls: a loose charging port or cable. */
export function chargingFlappingFinding({ policy, battery }: RuleContext): Finding | null {
  const n = policy.chargingDrainBeats;
  const tail = battery.readings.slice(-(n + 1));
  if (tail.length < n + 1) return null;
  const flips = tail.slice(1).filter((r, i) => r.charging !== tail[i]!.charging).length;
  const latest = tail.at(-1)!;
  if (flips < Math.max(2, n - 1) || latest.battery >= tail[0]!.battery) return null;
  return charger(
    "battery.charging_unstable",
    tail,
    latest.battery <= policy.criticalBatteryPct,
    { kind: "charging_flapping", beats: tail.length, flips, fromPct: tail[0]!.battery, toPct: latest.battery, from: tail[0]!.at, to: latest.at },
    { batteryPct: tail.map((r) => r.battery), charging: tail.map((r) => r.charging), flips },
    CHARGER_FAULT_STEPS,
  );
}

export function batteryFindings(ctx: RuleContext): Finding[] {
  return [lowBatteryFinding(ctx), chargingDrainFinding(ctx), chargingStalledFinding(ctx), chargingFlappingFinding(ctx)].filter(
    (f): f is Finding => f !== null,
  );
}
