// Renders a message into the HTTP request each channel kind expects. Signing happens here, at
// send time, because DingTalk and Feishu reject timestamps more than an hour old.
import type { ChannelKind } from "@/lib/alerts/enums";
import { TEXTS, type Message, type MessageItem } from "./message";
import { dingtalkSign, feishuSign, webhookSignature } from "./sign";

export interface RenderedRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface ChannelTarget {
  kind: ChannelKind;
  url: string;
  secret: string;
}

/** WeCom refuses markdown content over 4096 bytes. Feishu and DingTalk allow 20 KB, which a digest of 10 lines stays far below. */
export const WECOM_MAX_BYTES = 4096;

export const WEBHOOK_HEADERS = {
  timestamp: "x-pfh-timestamp",
  signature: "x-pfh-signature",
  event: "x-pfh-event",
  idempotency: "idempotency-key",
} as const;

export function renderRequest(target: ChannelTarget, message: Message, opts: { idempotencyKey: string; now: number }): RenderedRequest {
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8", [WEBHOOK_HEADERS.idempotency]: opts.idempotencyKey };
  switch (target.kind) {
    case "dingtalk": {
      const url = new URL(target.url);
      if (target.secret) {
        url.searchParams.set("timestamp", String(opts.now));
        url.searchParams.set("sign", dingtalkSign(opts.now, target.secret));
      }
      const body = { msgtype: "markdown", markdown: { title: message.title, text: markdown(message, "\n\n") } };
      return { url: url.toString(), headers, body: JSON.stringify(body) };
    }
    case "wecom": {
      const body = { msgtype: "markdown", markdown: { content: fitBytes(message, WECOM_MAX_BYTES) } };
      return { url: target.url, headers, body: JSON.stringify(body) };
    }
    case "feishu": {
      const seconds = Math.floor(opts.now / 1000);
      const lang = message.locale === "en" ? "en_us" : "zh_cn";
      const content = [
        [{ tag: "text", text: message.summary }],
        ...message.items.flatMap((i) => [[{ tag: "a", text: i.text, href: i.url }], ...details(message, i).map((line) => [{ tag: "text", text: line }])]),
        ...(message.more ? [[{ tag: "text", text: moreText(message) }]] : []),
        [{ tag: "a", text: message.link.text, href: message.link.url }],
      ];
      const body = {
        ...(target.secret ? { timestamp: String(seconds), sign: feishuSign(seconds, target.secret) } : {}),
        msg_type: "post",
        content: { post: { [lang]: { title: message.title, content } } },
      };
      return { url: target.url, headers, body: JSON.stringify(body) };
    }
    case "webhook": {
      const seconds = Math.floor(opts.now / 1000);
      const body = JSON.stringify({ id: opts.idempotencyKey, sentAt: new Date(opts.now).toISOString(), ...message });
      return {
        url: target.url,
        headers: {
          ...headers,
          [WEBHOOK_HEADERS.event]: message.type,
          [WEBHOOK_HEADERS.timestamp]: String(seconds),
          ...(target.secret ? { [WEBHOOK_HEADERS.signature]: webhookSignature(seconds, body, target.secret) } : {}),
        },
        body,
      };
    }
  }
}

function moreText(m: Message): string {
  return m.locale === "en" ? `…and ${m.more} more` : `……另有 ${m.more} 条`;
}

/** Evidence sentences shown under an alert line besides its headline. */
const EXTRA_SENTENCES = 2;

/** The lines under an item: the rest of its evidence (the first sentence is the item's text) and the first step. */
function details(m: Message, i: MessageItem): string[] {
  const lines = (i.evidence ?? []).slice(1, 1 + EXTRA_SENTENCES);
  if (i.firstStep) lines.push(TEXTS[m.locale].firstStep(i.firstStep));
  return lines;
}

/**
 * Markdown both robots understand: a heading, the summary, one linked line per item (with its
 * evidence and first step quoted below it unless `lean`), the link.
 */
function markdown(m: Message, sep: string, items = m.items, more = m.more, lean = false): string {
  const item = (i: MessageItem) => [`- [${escape(i.text)}](${i.url})`, ...(lean ? [] : details(m, i).map((line) => `> ${line}`))];
  const lines = [`### ${m.title}`, m.summary, ...items.flatMap(item)];
  if (more) lines.push(moreText({ ...m, more }));
  lines.push(`[${escape(m.link.text)}](${m.link.url})`);
  return lines.filter(Boolean).join(sep);
}

function escape(text: string): string {
  return text.replace(/[[\]]/g, (c) => (c === "[" ? "【" : "】"));
}

/**
 * The full markdown when it fits the byte limit; otherwise the lines without their evidence,
 * dropping listed items (counting them as "more") until it fits.
 */
function fitBytes(m: Message, limit: number): string {
  const full = markdown(m, "\n");
  if (Buffer.byteLength(full) <= limit) return full;
  for (let n = m.items.length; n >= 0; n--) {
    const text = markdown(m, "\n", m.items.slice(0, n), m.more + m.items.length - n, true);
    if (Buffer.byteLength(text) <= limit) return text;
  }
  return Buffer.from(`### ${m.title}\n${m.link.url}`).subarray(0, limit).toString("utf8");
}
