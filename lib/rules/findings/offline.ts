import type { Confidence, ProblemCategory } from "@/lib/domain/enums";
import { minutesBetween } from "@/lib/rules/findings/context";
import type { Policy } from "@/lib/rules/policy";
import type { Steps } from "@/lib/rules/steps/types";
import type { Finding, RuleHeartbeat } from "@/lib/rules/types";
import type { BatterySeries } from "@/lib/rules/window";

export type OfflineCause = "power" | "link" | "unknown" | "never_reported";

const STEPS: Record<OfflineCause, Steps> = {
  power: {
    zh: ["终端最后上报时电量已很低且未充电，多半已没电关机", "请商户接上充电器并开机", "开机后仍不上线或很快又没电，检查电池和充电器"],
    en: [
      "Its last report showed a low battery and no charger: it has most likely run flat",
      "Ask the merchant to plug it in and switch it on",
      "If it stays offline or runs flat again quickly, check the battery and charger",
    ],
  },
  link: {
    zh: ["终端失联前信号差或通讯失败，可能已无法联网", "请商户查看信号，检查流量卡是否欠费停机", "移到信号好的位置或改用WiFi后重启终端"],
    en: [
      "Before going silent it had a poor link: it most likely cannot get online",
      "Ask the merchant about the signal and check the SIM is paid up and has data",
      "Move it to a better spot or onto Wi-Fi, then restart it",
    ],
  },
  unknown: {
    zh: ["失联前各项读数正常，无法判断原因", "致电商户确认终端是否开机、是否仍在使用", "无法开机或开机后仍不上线，安排检修"],
    en: [
      "Its readings were normal before it went silent, so the cause is unknown",
      "Call the merchant: is the terminal switched on and still in use?",
      "If it will not start or still does not come online, arrange a repair check",
    ],
  },
  never_reported: {
    zh: ["该终端从未上报心跳", "确认终端是否已发货、开机并完成激活", "已在用但仍无心跳时检查网络设置并安排检修"],
    en: [
      "This terminal has never sent a heartbeat",
      "Check that it has been delivered, switched on and activated",
      "If it is in use and still silent, check its network settings and arrange a repair check",
    ],
  },
};

export interface OfflineInference {
  category: ProblemCategory;
  cause: OfflineCause;
  confidence: Confidence;
  inferredFrom: string[];
}

/**
 * A silent terminal cannot say why, so the last window decides, in this order: flat battery,
 * then a failing link (weak signal, network codes, or a suspended SIM seen even once), else unknown.
 */
export function inferOfflineCause(
  beats: readonly RuleHeartbeat[],
  battery: BatterySeries,
  policy: Policy,
  lastWindowFindings: readonly Finding[],
): OfflineInference {
  const latest = battery.readings.at(-1);
  if (latest && !latest.charging && latest.battery <= policy.lowBatteryPct) {
    // A battery that fell off a cliff on the very last reading may have been a glitch.
    const confidence = battery.latestUnconfirmed ? "low" : "high";
    return { category: "hardware", cause: "power", confidence, inferredFrom: ["battery_pct"] };
  }
  const link = lastWindowFindings.filter((f) => f.ruleId === "signal.weak" || f.ruleId === "codes.network");
  const simSuspended = beats.some((b) => (b.errors["T_SIM_SUSPENDED"] ?? 0) > 0);
  if (link.length > 0 || simSuspended) {
    const from = [...link.map((f) => f.ruleId), ...(simSuspended ? ["T_SIM_SUSPENDED"] : [])];
    return { category: "network", cause: "link", confidence: "high", inferredFrom: from };
  }
  return { category: "hardware", cause: "unknown", confidence: "low", inferredFrom: [] };
}

// Epoch ms as an ISO time; out-of-range values are shown raw rather than throwing.
function isoTime(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? `${ms} ms` : date.toISOString();
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
  const message =
    lastAt === null
      ? { zh: "终端从未上报心跳", en: "The terminal has never reported" }
      : {
          zh: `终端已 ${silenceMin} 分钟无心跳（最后上报 ${isoTime(lastAt)}）`,
          en: `No heartbeat for ${silenceMin} min (last seen ${isoTime(lastAt)})`,
        };
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
    },
    message,
    steps: STEPS[inference.cause],
    ...(inference.confidence === "low" ? { confidence: "low" as const } : {}),
  };
}
