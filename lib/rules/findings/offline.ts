import type { Confidence, ProblemCategory } from "@/lib/domain/enums";
import type { Fact } from "@/lib/rules/facts";
import { headline, minutesBetween } from "@/lib/rules/findings/context";
import { isWeak } from "@/lib/rules/findings/link";
import type { Policy } from "@/lib/rules/policy";
import type { Steps } from "@/lib/rules/steps/types";
import type { Finding, RuleHeartbeat } from "@/lib/rules/types";
import type { BatterySeries } from "@/lib/rules/window";

export type OfflineCause = "power" | "link" | "unknown" | "never_reported";

/** The heartbeats just before a silence that can show a link dying. */
export const BEFORE_SILENCE_BEATS = 2;

const STEPS: Record<OfflineCause, Steps> = {
  power: {
    zh: ["请商户接上充电器并开机：终端最后上报时电量已很低且未充电，多半已没电关机", "开机后确认终端重新上线", "开机后仍不上线或很快又没电，检查电池和充电器"],
    en: [
      "Ask the merchant to plug the terminal in and switch it on: its last report showed a low battery and no charger, so it has most likely run flat",
      "Check that it comes back online once it is on",
      "If it stays offline or runs flat again quickly, check the battery and charger",
    ],
  },
  link: {
    zh: ["请商户看一下终端是否开机、信号格数多少，并重启终端", "检查流量卡是否欠费停机；店里有WiFi时改连WiFi，或把终端移到信号好的位置", "网络恢复后终端会补传心跳；仍不上线则联系运营商或安排检修"],
    en: [
      "Ask the merchant whether the terminal is on and how many signal bars it shows, and to restart it",
      "Check the SIM is paid up and not suspended; connect it to the shop's Wi-Fi or move it to a better spot",
      "It will catch up once it is back online; if it does not, call the carrier or arrange a repair check",
    ],
  },
  unknown: {
    zh: ["请商户确认终端是否开机、是否仍在使用，并重启一次", "开机后仍不上线，检查信号和流量卡", "无法开机或仍不上线，安排检修"],
    en: [
      "Ask the merchant whether the terminal is switched on and still in use, and to restart it once",
      "If it stays offline after starting, check the signal and the SIM",
      "If it will not start or still does not come online, arrange a repair check",
    ],
  },
  never_reported: {
    zh: ["请商户确认终端是否已收到、开机并完成激活", "已开机仍无心跳时检查网络设置和流量卡", "仍无心跳则安排检修"],
    en: [
      "Ask the merchant whether the terminal has arrived, is switched on and has been activated",
      "If it is on and still silent, check its network settings and SIM",
      "If it stays silent, arrange a repair check",
    ],
  },
};

export interface OfflineInference {
  category: ProblemCategory;
  cause: OfflineCause;
  confidence: Confidence;
  inferredFrom: string[];
  /** What the inference rests on, as sentences for people. */
  facts?: Fact[];
}

/**
 * A silent terminal cannot say why, so its last evidence decides:
 * - a battery at the critical level and off the charger: it ran flat;
 * - a weak, failing or missing link just before the silence (weak signal or no service in the
 *   last two beats, Wi-Fi drops, a suspended SIM, recurring link failures): network, and a low
 *   battery that still had charge does not outweigh it;
 * - a low battery off the charger with a good link: it ran flat;
 * - else unknown, read as hardware with low confidence.
 * Confidence is low whenever the evidence is thin or points two ways.
 */
export function inferOfflineCause(
  beats: readonly RuleHeartbeat[],
  battery: BatterySeries,
  policy: Policy,
  lastWindowFindings: readonly Finding[],
): OfflineInference {
  const last = beats.slice(-BEFORE_SILENCE_BEATS);
  const weak = last.filter((b) => isWeak(b, policy.weakSignalDbm));
  const readings = weak.filter((b) => b.network !== "NONE" && b.signalDbm !== null).map((b) => b.signalDbm!);
  const wifiDrops = last.reduce((s, b) => s + (b.errors["T_WIFI_DISCONNECTED"] ?? 0), 0);
  const simSuspended = beats.reduce((s, b) => s + (b.errors["T_SIM_SUSPENDED"] ?? 0), 0);
  const linkRules = lastWindowFindings.filter((f) => f.ruleId === "signal.weak" || f.ruleId === "codes.network").map((f) => f.ruleId);

  const facts: Fact[] = [];
  if (weak.length > 0) {
    facts.push({
      kind: "before_silence_signal",
      beats: last.length,
      weakBeats: weak.length,
      minDbm: readings.length > 0 ? Math.min(...readings) : null,
      noServiceBeats: weak.length - readings.length,
      thresholdDbm: policy.weakSignalDbm,
    });
  }
  if (wifiDrops > 0) facts.push({ kind: "before_silence_wifi", occurrences: wifiDrops });
  if (simSuspended > 0) facts.push({ kind: "before_silence_codes", code: "T_SIM_SUSPENDED", occurrences: simSuspended });

  const latest = battery.readings.at(-1);
  const flat = !!latest && !latest.charging && latest.battery <= policy.criticalBatteryPct;
  const low = !!latest && !latest.charging && latest.battery <= policy.lowBatteryPct;
  const batteryFact: Fact[] = latest ? [{ kind: "before_silence_battery", pct: latest.battery, charging: latest.charging }] : [];

  // Strong: the link was failing for a while, or both last beats had no usable signal, or the SIM was cut.
  const strongLink = linkRules.length > 0 || simSuspended > 0 || weak.length >= BEFORE_SILENCE_BEATS;
  const anyLink = strongLink || weak.length > 0 || wifiDrops > 0;
  const from = [
    ...linkRules,
    ...(weak.length > 0 ? ["signal_dbm"] : []),
    ...(wifiDrops > 0 ? ["T_WIFI_DISCONNECTED"] : []),
    ...(simSuspended > 0 ? ["T_SIM_SUSPENDED"] : []),
  ];

  if (flat) {
    const confidence = battery.latestUnconfirmed || anyLink ? "low" : "high";
    return { category: "hardware", cause: "power", confidence, inferredFrom: ["battery_pct"], facts: [...batteryFact, ...facts] };
  }
  if (anyLink) {
    const confidence = strongLink && !low ? "high" : "low";
    return { category: "network", cause: "link", confidence, inferredFrom: [...new Set(from)], facts: [...facts, ...(low ? batteryFact : [])] };
  }
  if (low) {
    // A reading that fell off a cliff on the very last beat may have been a glitch.
    const confidence = battery.latestUnconfirmed ? "low" : "high";
    return { category: "hardware", cause: "power", confidence, inferredFrom: ["battery_pct"], facts: batteryFact };
  }
  return { category: "hardware", cause: "unknown", confidence: "low", inferredFrom: [], facts: [{ kind: "before_silence_normal" }] };
}

export function offlineFinding(
  lastAt: number | null,
  now: number,
  inference: OfflineInference,
  severity: Finding["severity"],
  expectedIntervalMin: number,
): Finding {
  const silenceMin = lastAt === null ? null : minutesBetween(lastAt, now);
  const missedBeats = silenceMin === null ? null : Math.floor(silenceMin / expectedIntervalMin);
  const facts: Fact[] =
    lastAt === null
      ? [{ kind: "never_reported" }]
      : [{ kind: "silence", lastAt, silenceMin: silenceMin!, missedBeats: missedBeats! }, ...(inference.facts ?? [])];
  return {
    ruleId: "offline",
    category: inference.category,
    severity,
    evidence: {
      readings: ["heartbeat_at"],
      values: {
        silenceMs: lastAt === null ? null : now - lastAt,
        silenceMin,
        missedBeats,
        lastSeenAt: lastAt,
        cause: inference.cause,
        inferredFrom: inference.inferredFrom,
      },
      since: lastAt,
      facts,
    },
    message: headline(facts),
    steps: STEPS[inference.cause],
    ...(inference.confidence === "low" ? { confidence: "low" as const } : {}),
  };
}
