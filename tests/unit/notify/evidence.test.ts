// Notifications say what the alert page says: the leading finding's evidence as sentences in the
// channel's language and its first fix step, on every channel kind, without dropping a webhook field.
import { describe, expect, it } from "vitest";
import { alertDetail } from "@/lib/notify/compose";
import { buildDigest, type DigestEntry } from "@/lib/notify/digest";
import type { Message } from "@/lib/notify/message";
import { renderRequest, WECOM_MAX_BYTES, type ChannelTarget } from "@/lib/notify/render";
import { defaultPolicy, describeEvidence, diagnose, type RuleHeartbeat } from "@/lib/rules";

const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 27, 2, 30); // 10:30 in Shanghai

function beat(minutesAgo: number, over: Partial<RuleHeartbeat> = {}): RuleHeartbeat {
  return { at: NOW - minutesAgo * MIN, battery: 80, charging: false, firmware: "2.4.0", signalDbm: -70, network: "4G", errors: {}, txnCount: 2, ...over };
}

// Six weak beats, then an hour of silence: an offline finding read as the network, with two facts.
const weak = diagnose([90, 85, 80, 75, 70, 65].map((m) => beat(m, { signalDbm: -110, txnCount: 0 })), defaultPolicy, NOW);
const findings = JSON.stringify(weak.findings);
const lead = weak.findings[0]!;

function entries(locale: "zh-CN" | "en", n = 1): DigestEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    kind: "alert_opened" as const, alertId: i + 1, severity: "warning" as const, category: "network" as const,
    sn: `PFH${String(i).padStart(5, "0")}`, merchant: locale === "en" ? "Corner shop" : "街角小店", city: "杭州", ...alertDetail(findings, locale),
  }));
}

const targets: ChannelTarget[] = [
  { kind: "dingtalk", url: "https://d.example/robot/send?access_token=t", secret: "" },
  { kind: "wecom", url: "https://q.example/send?key=k", secret: "" },
  { kind: "feishu", url: "https://f.example/hook/x", secret: "s" },
  { kind: "webhook", url: "https://hooks.example/pfh", secret: "s" },
];

describe("alert lines carry the evidence and the first step", () => {
  it("the diagnosis behind the fixtures is offline on a weak link, with more than one sentence", () => {
    expect([weak.status, weak.category, lead.ruleId]).toEqual(["offline", "network", "offline"]);
    expect(describeEvidence(lead, "zh-CN").length).toBeGreaterThan(1);
  });

  for (const locale of ["zh-CN", "en"] as const) {
    const lang = locale;
    const sentences = describeEvidence(lead, lang);
    const step = (locale === "en" ? lead.steps.en : lead.steps.zh)[0]!;
    const digest: Message = buildDigest(entries(locale), locale, "https://fleet.example.cn");

    it(`${locale}: the item's line is the first sentence; all sentences and the first step ride along`, () => {
      const item = digest.items[0]!;
      expect(item.text).toContain(sentences[0]);
      expect(item.evidence).toEqual(sentences);
      expect(item.firstStep).toBe(step);
    });

    for (const target of targets) {
      it(`${locale} ${target.kind}: the body holds the sentences and the first step, never raw keys or epoch ms`, () => {
        const body = renderRequest(target, digest, { idempotencyKey: "pfh-1-1-2", now: NOW }).body;
        const text = JSON.stringify(JSON.parse(body));
        expect(text).toContain(sentences[0]);
        expect(text).toContain(sentences[1]);
        expect(text).toContain(step);
        expect(text).not.toMatch(/silenceMs|leadCode|reattributed|thresholdDbm|noServiceBeats/);
        expect(text).not.toMatch(/\b1\d{12}\b/);
      });
    }
  }

  it("the webhook keeps every documented field and adds evidence and firstStep", () => {
    const digest = buildDigest(entries("zh-CN"), "zh-CN", "https://fleet.example.cn");
    const body = JSON.parse(renderRequest(targets[3]!, digest, { idempotencyKey: "pfh-1-1-2", now: NOW }).body) as Record<string, any>;
    for (const k of ["id", "sentAt", "type", "locale", "title", "summary", "items", "more", "link"]) expect(body).toHaveProperty(k);
    const item = body.items[0] as Record<string, unknown>;
    for (const k of ["kind", "severity", "category", "alertId", "sn", "merchant", "city", "text", "url", "evidence", "firstStep"]) expect(item).toHaveProperty(k);
    expect(body.id).toBe("pfh-1-1-2");
    expect(body.link).toEqual({ text: "打开外呼队列", url: "https://fleet.example.cn/alerts" });
  });

  it("a finding stored before facts existed still reads as its message", () => {
    const old = [{ ...lead, evidence: { readings: lead.evidence.readings, since: lead.evidence.since }, message: { zh: "信号弱", en: "Weak signal" } }];
    expect(alertDetail(JSON.stringify(old), "en")).toEqual({ detail: "Weak signal", evidence: ["Weak signal"], firstStep: lead.steps.en[0] });
    expect(alertDetail("[]", "zh-CN")).toEqual({ detail: "" });
  });

  it("WeCom keeps every line with its evidence when it fits, and drops the evidence before it drops lines", () => {
    const small = renderRequest(targets[1]!, buildDigest(entries("zh-CN", 2), "zh-CN", "https://x.cn"), { idempotencyKey: "k", now: NOW });
    expect(JSON.parse(small.body).markdown.content).toContain(`> 先做：${lead.steps.zh[0]}`);
    const storm = buildDigest(entries("zh-CN", 40), "zh-CN", "https://x.cn");
    const content = JSON.parse(renderRequest(targets[1]!, storm, { idempotencyKey: "k", now: NOW }).body).markdown.content as string;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(WECOM_MAX_BYTES);
    expect(content.split("\n").filter((l) => l.startsWith("- ["))).toHaveLength(10);
  });
});

describe("English plurals in digests", () => {
  it("one incident, one reminder and one terminal are singular", () => {
    const digest = buildDigest(
      [
        { kind: "incident_opened", incidentId: 1, incidentKind: "carrier_outage", severity: "critical", category: "network", city: "Hangzhou", carrier: "China Unicom", firmware: null, terminals: 1 },
        { kind: "reminder", alertId: 2, severity: "critical", category: "hardware", sn: "PFH1", merchant: "Shop", city: "Hangzhou", detail: "x" },
      ],
      "en",
      "https://x.cn",
    );
    expect(digest.summary).toBe("1 incident · 1 critical · 1 reminder");
    expect(digest.items[0]!.text).toContain("1 terminal offline");
    expect(digest.items[0]!.text).not.toContain("1 terminals");
  });
});
