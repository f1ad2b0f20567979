import { describe, expect, it } from "vitest";
import { backoffDelay } from "@/lib/notify/backoff";
import { redact } from "@/lib/notify/deliver";
import { buildDigest, type DigestEntry } from "@/lib/notify/digest";
import { renderRequest, WECOM_MAX_BYTES } from "@/lib/notify/render";
import { dingtalkSign, feishuSign, webhookSignature } from "@/lib/notify/sign";

describe("signatures", () => {
  it("DingTalk matches a published vector (timestamp 1700000000000, secret \"secret\")", () => {
    // Vector from the test suite of the `dingding` Rust crate, an independent implementation.
    expect(encodeURIComponent(dingtalkSign(1_700_000_000_000, "secret"))).toBe("OuzzJR5%2BxZ4%2FEYwqtNt6sMYZQMTa%2FHEGvc9miJe7XzY%3D");
  });
  it("Feishu keys the HMAC with timestamp and secret over an empty message", () => {
    const a = feishuSign(1_599_360_473, "s1");
    expect(a).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(feishuSign(1_599_360_473, "s2")).not.toBe(a);
    expect(feishuSign(1_599_360_474, "s1")).not.toBe(a);
  });
  it("the webhook signature covers timestamp and body", () => {
    const s = webhookSignature(1, "{}", "k");
    expect(s).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(webhookSignature(2, "{}", "k")).not.toBe(s);
    expect(webhookSignature(1, "{ }", "k")).not.toBe(s);
  });
});

describe("rendering", () => {
  const entries: DigestEntry[] = Array.from({ length: 500 }, (_, i) => ({
    kind: "alert_opened", alertId: i + 1, severity: i % 3 ? "warning" : "critical", category: "network",
    sn: `SN${String(i).padStart(8, "0")}`, merchant: `商户[${i}]号`, city: "杭州", detail: "信号弱，连续多次通讯超时，请检查天线与SIM卡".repeat(3),
  }));
  const digest = buildDigest(entries, "zh-CN", "https://x.cn");

  it("a storm digest lists 10 lines, counts the rest and leads with the critical ones", () => {
    expect(digest.items).toHaveLength(10);
    expect(digest.more).toBe(490);
    expect(digest.items.every((i) => i.severity === "critical")).toBe(true);
    expect(digest.summary).toContain("严重 167");
  });
  it("WeCom markdown is cut to 4096 bytes by dropping lines, never mid-line", () => {
    const r = renderRequest({ kind: "wecom", url: "https://q.example/send?key=k", secret: "" }, digest, { idempotencyKey: "k1", now: 0 });
    const content = JSON.parse(r.body).markdown.content as string;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(WECOM_MAX_BYTES);
    expect(content).toContain("https://x.cn/alerts");
    expect(content).toMatch(/另有 \d+ 条/);
  });
  it("brackets in merchant names cannot break a markdown link", () => {
    const r = renderRequest({ kind: "dingtalk", url: "https://d.example/robot/send?access_token=t", secret: "" }, digest, { idempotencyKey: "k1", now: 0 });
    const text = JSON.parse(r.body).markdown.text as string;
    expect(text).toContain("商户【0】号");
    expect(new URL(r.url).searchParams.has("sign")).toBe(false); // no secret: keyword-only robot
  });
});

describe("retry delays and redaction", () => {
  it("grow exponentially with jitter in [half, full] and stop at the maximum", () => {
    const o = { baseMs: 1000, maxMs: 60_000 };
    expect(backoffDelay(1, 0, o)).toBe(500);
    expect(backoffDelay(1, 0.999999, o)).toBe(1000);
    expect(backoffDelay(3, 0, o)).toBe(2000);
    expect(backoffDelay(30, 0.999999, o)).toBe(60_000);
  });
  it("removes URLs, their token values and secrets", () => {
    const url = "https://oapi.dingtalk.com/robot/send?access_token=abcdef123456";
    expect(redact(`failed ${url} token abcdef123456 secret SECxyz`, [url, "SECxyz"])).toBe("failed [redacted] token [redacted] secret [redacted]");
  });
});
