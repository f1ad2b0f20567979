// The channel-neutral message: what a digest or test says, in the channel's language. Stored in
// the outbox as JSON and rendered per channel kind (lib/notify/render.ts) at send time.
import type { AlertSeverity, ChannelLocale, IncidentKind } from "@/lib/alerts/enums";
import type { ProblemCategory } from "@/lib/domain/enums";

export const ITEM_KINDS = ["alert_opened", "alert_escalated", "reminder", "incident_opened", "incident_resolved"] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export interface MessageItem {
  kind: ItemKind;
  severity: AlertSeverity;
  category: ProblemCategory;
  alertId?: number;
  incidentId?: number;
  incidentKind?: IncidentKind;
  sn?: string;
  merchant?: string;
  city?: string;
  terminals?: number;
  /** One line in the message's language. */
  text: string;
  url: string;
  /** Alert items: the leading finding's evidence as sentences in the message's language. */
  evidence?: string[];
  /** Alert items: the first thing to do, usually something to ask the merchant on the phone. */
  firstStep?: string;
}

export interface Message {
  type: "digest" | "test";
  locale: ChannelLocale;
  title: string;
  summary: string;
  /** The most important items, at most MAX_ITEMS. */
  items: MessageItem[];
  /** Items left out of `items`. */
  more: number;
  link: { text: string; url: string };
}

/** Lines listed in one message; the rest are counted ("and 490 more") behind the link. */
export const MAX_ITEMS = 10;

type Dict = {
  tag: (label: string) => string;
  alertLine: (merchant: string, sn: string, city: string, detail: string) => string;
  severity: Record<AlertSeverity, string>;
  category: Record<ProblemCategory, string>;
  title: (n: number) => string;
  summary: (parts: { critical: number; warning: number; incidents: number; reminders: number }) => string;
  reminder: string;
  incidentOpened: string;
  incidentResolved: string;
  carrierOutage: (city: string, carrier: string, n: number) => string;
  firmwareIncident: (version: string, category: string, n: number) => string;
  more: (n: number) => string;
  firstStep: (step: string) => string;
  openQueue: string;
  openIncidents: string;
  testTitle: string;
  testBody: (name: string) => string;
};

/** "1 terminal", "3 terminals". */
function count(n: number, one: string): string {
  return `${n} ${n === 1 ? one : `${one}s`}`;
}

export const TEXTS: Record<ChannelLocale, Dict> = {
  "zh-CN": {
    tag: (label) => `【${label}】`,
    alertLine: (merchant, sn, city, detail) => `${merchant} ${sn}（${city}）：${detail}`,
    severity: { critical: "严重", warning: "警告" },
    category: { hardware: "硬件", network: "网络", operation: "操作", policy_firmware: "策略/固件" },
    title: (n) => `POS 终端告警：${n} 条待处理`,
    summary: (p) =>
      [p.incidents ? `事件 ${p.incidents}` : "", p.critical ? `严重 ${p.critical}` : "", p.warning ? `警告 ${p.warning}` : "", p.reminders ? `其中提醒 ${p.reminders}` : ""]
        .filter(Boolean)
        .join(" · "),
    reminder: "超时未确认",
    incidentOpened: "事件",
    incidentResolved: "事件已恢复",
    carrierOutage: (city, carrier, n) => `${city} · ${carrier}：${n} 台终端离线或网络异常`,
    firmwareIncident: (v, c, n) => `固件 ${v}：${n} 台终端出现${c}问题`,
    more: (n) => `另有 ${n} 条未列出`,
    firstStep: (step) => `先做：${step}`,
    openQueue: "打开外呼队列",
    openIncidents: "查看事件",
    testTitle: "测试消息",
    testBody: (name) => `来自 POS 终端健康平台的测试消息：渠道「${name}」配置正确。`,
  },
  en: {
    tag: (label) => `${label} — `,
    alertLine: (merchant, sn, city, detail) => `${merchant} ${sn} (${city}): ${detail}`,
    severity: { critical: "Critical", warning: "Warning" },
    category: { hardware: "Hardware", network: "Network", operation: "Operation", policy_firmware: "Policy/firmware" },
    title: (n) => `POS terminal alerts: ${n} to handle`,
    summary: (p) =>
      [p.incidents ? count(p.incidents, "incident") : "", p.critical ? `${p.critical} critical` : "", p.warning ? `${p.warning} warning` : "", p.reminders ? count(p.reminders, "reminder") : ""]
        .filter(Boolean)
        .join(" · "),
    reminder: "Still unacknowledged",
    incidentOpened: "Incident",
    incidentResolved: "Incident resolved",
    carrierOutage: (city, carrier, n) => `${city} · ${carrier}: ${count(n, "terminal")} offline or with network problems`,
    firmwareIncident: (v, c, n) => `Firmware ${v}: ${count(n, "terminal")} with ${c.toLowerCase()} problems`,
    more: (n) => `${n} more not listed`,
    firstStep: (step) => `First: ${step}`,
    openQueue: "Open the call queue",
    openIncidents: "View incidents",
    testTitle: "Test message",
    testBody: (name) => `A test from POS Fleet Health: channel "${name}" is set up correctly.`,
  },
};

export function testMessage(locale: ChannelLocale, channelName: string, publicUrl: string): Message {
  const t = TEXTS[locale];
  return { type: "test", locale, title: t.testTitle, summary: t.testBody(channelName), items: [], more: 0, link: { text: t.openQueue, url: `${publicUrl}/alerts` } };
}
