import { describeCode } from "@/lib/rules/catalog";
import type { Fact, RereadReason } from "@/lib/rules/facts";
import type { Finding } from "@/lib/rules/types";
import type { UnreadableReason } from "@/lib/rules/version";
import { SHANGHAI_OFFSET_MS } from "@/lib/domain/time";

export type Lang = "zh-CN" | "en";

// China has one time zone and no daylight saving since 1991, so a fixed offset is exact for
// every heartbeat we can see and keeps this function free of the host's time-zone data.

function shanghai(ms: number): Date {
  return new Date(ms + SHANGHAI_OFFSET_MS);
}

const pad = (n: number) => String(n).padStart(2, "0");
const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Clock time in Asia/Shanghai ("10:35"), with the date when `withDate` ("12月1日 10:35", "1 Dec 10:35"). */
export function formatTime(ms: number, lang: Lang, withDate = false): string {
  const d = shanghai(ms);
  if (Number.isNaN(d.getTime())) return lang === "en" ? "an unknown time" : "未知时间";
  const clock = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  if (!withDate) return clock;
  return lang === "en" ? `${d.getUTCDate()} ${MONTHS_EN[d.getUTCMonth()]} ${clock}` : `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${clock}`;
}

/** "1 heartbeat", "3 heartbeats". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A duration in minutes as people say it: "65 分钟" is "1 小时 5 分钟". */
export function formatDuration(minutes: number, lang: Lang): string {
  const total = Math.max(0, Math.round(minutes));
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const mins = total % 60;
  if (lang === "en") {
    if (days > 0) return [plural(days, "day"), hours > 0 ? plural(hours, "hour") : ""].filter(Boolean).join(" ");
    if (hours > 0) return [plural(hours, "hour"), mins > 0 ? plural(mins, "minute") : ""].filter(Boolean).join(" ");
    return plural(mins, "minute");
  }
  if (days > 0) return `${days} 天${hours > 0 ? ` ${hours} 小时` : ""}`;
  if (hours > 0) return `${hours} 小时${mins > 0 ? ` ${mins} 分钟` : ""}`;
  return `${mins} 分钟`;
}

/** dBm with a true minus sign: "−105 dBm". */
export function formatDbm(dbm: number): string {
  return `${dbm < 0 ? "−" : ""}${Math.abs(dbm)} dBm`;
}

function codeName(code: string, lang: Lang): string {
  const info = describeCode(code);
  if (!info) return code;
  return lang === "en" ? `${code} (${info.meaning.en})` : `${code}（${info.meaning.zh}）`;
}

const CATEGORY: Record<string, { zh: string; en: string }> = {
  hardware: { zh: "设备故障", en: "a hardware fault" },
  network: { zh: "网络问题", en: "a network problem" },
  operation: { zh: "操作问题", en: "an operation problem" },
  policy_firmware: { zh: "政策/固件问题", en: "a policy/firmware problem" },
};

const REREAD: Record<RereadReason, { zh: string; en: string }> = {
  weak_link: { zh: "发生在信号弱或通讯失败时", en: "it happened while the link was weak or failing" },
  operator_password: { zh: "之前操作员密码输错，签到失败是密码问题", en: "a wrong operator password explains the failed sign-in" },
  signin_failed_on_link: { zh: "签到已尝试但因通讯失败未成功", en: "sign-in was tried and failed on the link" },
  key_still_missing: { zh: "信号良好时下载密钥后主密钥仍不存在，安全模块存不住密钥", en: "the master key is still missing after a key download on a good signal, so the security module does not keep keys" },
  security_module: { zh: "同时出现密码键盘、防拆或密钥下载故障", en: "it comes with PIN-pad, tamper or key-download faults" },
  reader_fault: { zh: "同时出现读卡器故障，读不了芯片才被迫刷卡", en: "it comes with chip-reader faults, so the broken reader forces the swipe" },
};

const UNREADABLE: Record<UnreadableReason, { zh: string; en: string }> = {
  empty: { zh: "版本号为空", en: "the version is empty" },
  format: { zh: "不是数字版本号（应类似 2.3.0 或 2.3.0-rc1）", en: "it is not a numeric version such as 2.3.0 or 2.3.0-rc1" },
  too_large: { zh: "版本号中的数字过大", en: "a number in it is too large" },
};

function levels(list: number[], lang: Lang): string {
  return lang === "en" ? `${list.join(" % → ")} %` : `${list.join("% → ")}%`;
}

function span(from: number, to: number, lang: Lang): string {
  return from === to ? formatTime(to, lang) : `${formatTime(from, lang)}–${formatTime(to, lang)}`;
}

function signalRun(minDbm: number | null, noService: number, beats: number, lang: Lang): string {
  const parts: string[] = [];
  if (minDbm !== null) parts.push(lang === "en" ? `lowest ${formatDbm(minDbm)}` : `最低 ${formatDbm(minDbm)}`);
  if (noService > 0) {
    const all = noService === beats;
    parts.push(lang === "en" ? (all ? "no service" : `${noService} of them with no service`) : all ? "均无服务" : `其中 ${noService} 次无服务`);
  }
  return parts.length === 0 ? "" : lang === "en" ? ` (${parts.join(", ")})` : `（${parts.join("，")}）`;
}

/** One sentence for one fact. */
export function describeFact(fact: Fact, lang: Lang): string {
  const en = lang === "en";
  switch (fact.kind) {
    case "weak_signal": {
      const detail = signalRun(fact.minDbm, fact.noServiceBeats, fact.beats, lang);
      const latest = formatTime(fact.lastAt, lang);
      if (fact.noServiceBeats === fact.beats) {
        return en ? `No service in ${plural(fact.beats, "heartbeat")} in a row, latest at ${latest}` : `连续 ${fact.beats} 次心跳无服务，最近一次 ${latest}`;
      }
      return en
        ? `Signal at or below ${formatDbm(fact.thresholdDbm)} in ${plural(fact.beats, "heartbeat")} in a row${detail}, latest at ${latest}`
        : `信号连续 ${fact.beats} 次 ≤ ${formatDbm(fact.thresholdDbm)}${detail}，最近一次 ${latest}`;
    }
    case "battery_low":
      return en
        ? `Battery at ${fact.pct} % and not charging at ${formatTime(fact.at, lang)} (${fact.critical ? "critical" : "low"} at or below ${fact.thresholdPct} %)`
        : `${formatTime(fact.at, lang)} 电量 ${fact.pct}%，未充电（${fact.critical ? "严重" : "低电量"}线 ${fact.thresholdPct}%）`;
    case "battery_trend":
      return en ? `Battery over the last readings: ${levels(fact.levels, lang)} (${span(fact.from, fact.to, lang)})` : `最近几次电量：${levels(fact.levels, lang)}（${span(fact.from, fact.to, lang)}）`;
    case "battery_unconfirmed":
      return en
        ? `The latest reading dropped from ${fact.fromPct} % to ${fact.toPct} % at ${formatTime(fact.at, lang)}; the next heartbeat will confirm it or show a sensor glitch`
        : `${formatTime(fact.at, lang)} 电量从 ${fact.fromPct}% 骤降到 ${fact.toPct}%，需下一次心跳确认是否为读数跳变`;
    case "battery_glitches":
      return en
        ? `Ignored ${plural(fact.at.length, "battery reading")} that jumped and came straight back (${fact.at.map((t) => formatTime(t, lang)).join(", ")})`
        : `已忽略 ${fact.at.length} 次跳变后立即恢复的电量读数（${fact.at.map((t) => formatTime(t, lang)).join("、")}）`;
    case "charging_drain":
      return en
        ? `On the charger yet the battery fell at each of the last ${plural(fact.levels.length - 1, "heartbeat")}: ${levels(fact.levels, lang)} (${span(fact.from, fact.to, lang)})`
        : `接着充电器电量仍连续 ${fact.levels.length - 1} 次下降：${levels(fact.levels, lang)}（${span(fact.from, fact.to, lang)}）`;
    case "charging_stalled":
      return en
        ? `On the charger for ${plural(fact.beats, "heartbeat")} but the level did not rise: ${levels(fact.levels, lang)} (${span(fact.from, fact.to, lang)})`
        : `接着充电器 ${fact.beats} 次心跳电量都没有上升：${levels(fact.levels, lang)}（${span(fact.from, fact.to, lang)}）`;
    case "charging_flapping":
      return en
        ? `The charging state switched ${plural(fact.flips, "time")} in ${plural(fact.beats, "heartbeat")} while the level fell from ${fact.fromPct} % to ${fact.toPct} % (${span(fact.from, fact.to, lang)})`
        : `${fact.beats} 次心跳内充电状态来回切换 ${fact.flips} 次，电量从 ${fact.fromPct}% 降到 ${fact.toPct}%（${span(fact.from, fact.to, lang)}）`;
    case "firmware_below_min":
      return en
        ? `Firmware ${fact.firmware} is below the required minimum ${fact.minFirmware} (on it since ${formatTime(fact.since, lang)})`
        : `固件 ${fact.firmware} 低于最低要求版本 ${fact.minFirmware}（自 ${formatTime(fact.since, lang)} 起）`;
    case "firmware_blocked":
      return en
        ? `Firmware ${fact.firmware} has been withdrawn by the acquirer (withdrawn: ${fact.blocked.join(", ")})`
        : `固件 ${fact.firmware} 已被收单机构停用（停用版本：${fact.blocked.join("、")}）`;
    case "firmware_unreadable":
      return en
        ? `The firmware version "${fact.firmware}" reported at ${formatTime(fact.at, lang)} cannot be read: ${UNREADABLE[fact.reason].en}, so compliance cannot be checked`
        : `${formatTime(fact.at, lang)} 上报的固件版本“${fact.firmware}”无法识别：${UNREADABLE[fact.reason].zh}，无法判断是否合规`;
    case "code_recurring": {
      // Occurrences are only worth saying when a heartbeat held a burst.
      const burst = fact.occurrences > fact.incidents;
      return en
        ? `${codeName(fact.code, lang)} in ${plural(fact.incidents, "heartbeat")} (${burst ? `${plural(fact.occurrences, "time")} in all; ` : ""}${fact.threshold} flag a pattern), first at ${formatTime(fact.firstAt, lang)}, latest at ${formatTime(fact.lastAt, lang)}`
        : `${codeName(fact.code, lang)}在 ${fact.incidents} 次心跳中出现（${burst ? `共 ${fact.occurrences} 次，` : ""}${fact.threshold} 次心跳即视为反复出现），首次 ${formatTime(fact.firstAt, lang)}，最近一次 ${formatTime(fact.lastAt, lang)}`;
    }
    case "code_severe":
      return en
        ? `Severe code ${codeName(fact.code, lang)} seen ${fact.occurrences === 1 ? "once" : plural(fact.occurrences, "time")}, latest at ${formatTime(fact.lastAt, lang)}: one sighting needs action`
        : `出现严重代码 ${codeName(fact.code, lang)}${fact.occurrences} 次，最近一次 ${formatTime(fact.lastAt, lang)}，出现一次即需处理`;
    case "code_seen":
      return en
        ? `Also ${codeName(fact.code, lang)} in ${plural(fact.incidents, "heartbeat")}, latest at ${formatTime(fact.lastAt, lang)}`
        : `另有 ${codeName(fact.code, lang)}在 ${fact.incidents} 次心跳中出现，最近一次 ${formatTime(fact.lastAt, lang)}`;
    case "code_reread":
      return en
        ? `${fact.code} is read as ${CATEGORY[fact.to]!.en} here, not ${CATEGORY[fact.from]!.en}: ${REREAD[fact.reason].en}`
        : `${fact.code} 在此按${CATEGORY[fact.to]!.zh}处理（而非${CATEGORY[fact.from]!.zh}）：${REREAD[fact.reason].zh}`;
    case "silence": {
      const withDate = fact.silenceMin >= 24 * 60;
      return en
        ? `No heartbeat for ${formatDuration(fact.silenceMin, lang)} (about ${plural(fact.missedBeats, "missed heartbeat")}); last seen at ${formatTime(fact.lastAt, lang, withDate)}`
        : `已 ${formatDuration(fact.silenceMin, lang)}无心跳（约漏报 ${fact.missedBeats} 次），最后上报 ${formatTime(fact.lastAt, lang, withDate)}`;
    }
    case "never_reported":
      return en ? "The terminal has never sent a heartbeat" : "终端从未上报心跳";
    case "before_silence_signal": {
      const detail = signalRun(fact.minDbm, fact.noServiceBeats, fact.weakBeats, lang);
      const what = en
        ? fact.noServiceBeats === fact.weakBeats ? "no service" : `a signal at or below ${formatDbm(fact.thresholdDbm)}${detail}`
        : fact.noServiceBeats === fact.weakBeats ? "无服务" : `信号 ≤ ${formatDbm(fact.thresholdDbm)}${detail}`;
      const all = fact.weakBeats === fact.beats;
      if (en) {
        const who = all ? (fact.beats === 2 ? "both of its last 2 heartbeats" : `all of its last ${plural(fact.beats, "heartbeat")}`) : `${fact.weakBeats} of its last ${plural(fact.beats, "heartbeat")}`;
        return `Before going silent, ${who} had ${what}`;
      }
      return all ? `失联前最后 ${fact.beats} 次心跳均${what}` : `失联前最后 ${fact.beats} 次心跳中有 ${fact.weakBeats} 次${what}`;
    }
    case "before_silence_wifi":
      return en
        ? `Wi-Fi dropped ${fact.occurrences === 1 ? "once" : plural(fact.occurrences, "time")} in its last heartbeats before going silent`
        : `失联前最后几次心跳中 WiFi 断开 ${fact.occurrences} 次`;
    case "before_silence_battery":
      return en
        ? `Its last report showed the battery at ${fact.pct} %${fact.charging ? " on the charger" : ", not charging"}`
        : `最后一次上报电量 ${fact.pct}%${fact.charging ? "，正在充电" : "，未充电"}`;
    case "before_silence_codes":
      return en
        ? `${codeName(fact.code, lang)} seen ${plural(fact.occurrences, "time")} before it went silent`
        : `失联前出现 ${codeName(fact.code, lang)}${fact.occurrences} 次`;
    case "before_silence_normal":
      return en
        ? "Its readings were normal before it went silent (signal, battery, no link errors), so the cause cannot be seen"
        : "失联前信号、电量均正常，也没有通讯错误，无法看出原因";
  }
}

/** The sentences of a list of facts, in order. */
export function describeFacts(facts: readonly Fact[], lang: Lang): string[] {
  return facts.map((f) => describeFact(f, lang));
}

/**
 * The evidence of a finding as sentences a person can read, in `lang` (times in Asia/Shanghai,
 * units spelt out). Findings stored before facts existed fall back to their message.
 */
export function describeEvidence(finding: Pick<Finding, "evidence" | "message">, lang: Lang | "zh"): string[] {
  const l: Lang = lang === "en" ? "en" : "zh-CN";
  const facts = finding.evidence.facts;
  if (facts && facts.length > 0) return describeFacts(facts, l);
  return [l === "en" ? finding.message.en : finding.message.zh];
}
