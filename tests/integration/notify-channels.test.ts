// Each channel kind against a real HTTP receiver on 127.0.0.1: payload shape and signature are
// checked the way each platform documents them, computed here independently with node:crypto.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { runAlertSweep } from "@/lib/alerts/sweep";
import { DEFAULT_ALERT_CONFIG } from "@/lib/alerts/config";
import { createChannel, deleteChannel, sendTestMessage, updateChannel } from "@/lib/notify/channels";
import { Notifier } from "@/lib/notify/notifier";
import { WECOM_MAX_BYTES } from "@/lib/notify/render";
import { AppError } from "@/lib/errors";
import { authNetwork } from "./helpers/auth-network";
import { beat, freshDb, makeTerminal, T0 } from "../helpers/db";
import { accept, startReceiver, type Received } from "../unit/notify/receiver";
import { alertsOf, countRows, ingestAs, MIN } from "../unit/alerts/fixtures";

// The receivers listen on 127.0.0.1, which deliveries refuse unless the operator allows it.
process.env.NOTIFY_ALLOW_PRIVATE = "127.0.0.1/32";

const config = { ...DEFAULT_ALERT_CONFIG, publicUrl: "https://fleet.example.cn" };
const SECRET = { dingtalk: "SEC0123456789abcdef", feishu: "feishu-secret-42", webhook: "whsec-test-77" } as const;
const T1 = T0 + 5 * MIN;

let db: Db;
let net: Awaited<ReturnType<typeof authNetwork>>;
const rx = {} as Record<"dingtalk" | "wecom" | "feishu" | "webhook", Awaited<ReturnType<typeof startReceiver>>>;
const channel = {} as Record<keyof typeof rx, number>;
let alertId = 0;

beforeAll(async () => {
  db = await freshDb();
  net = await authNetwork(db);
  for (const k of ["dingtalk", "wecom", "feishu", "webhook"] as const) rx[k] = await startReceiver(accept[k], { max: 20 });
  const admin = net.scopes.admin;
  const root = net.agents.root.id;
  channel.dingtalk = await createChannel(db, admin, { name: "钉钉 运维群", kind: "dingtalk", agentId: root, url: `${rx.dingtalk.base}/robot/send?access_token=tok-ding-123456`, secret: SECRET.dingtalk }, T0);
  channel.wecom = await createChannel(db, admin, { name: "企业微信", kind: "wecom", agentId: root, url: `${rx.wecom.base}/cgi-bin/webhook/send?key=wecom-key-7890` }, T0);
  channel.feishu = await createChannel(db, admin, { name: "飞书", kind: "feishu", agentId: root, url: `${rx.feishu.base}/open-apis/bot/v2/hook/abcdef-123`, secret: SECRET.feishu, locale: "en" }, T0);
  channel.webhook = await createChannel(db, admin, { name: "CRM", kind: "webhook", agentId: root, url: `${rx.webhook.base}/hooks/pfh`, secret: SECRET.webhook }, T0);

  const t = await makeTerminal(db, net.agents.hz.id, { merchant: "张记餐馆", city: "杭州" });
  await ingestAs(db, net.agents.root)([beat(t.sn, 1, { errors: { T_MERCHANT_FROZEN: 1 } })], T1);
  alertId = (await alertsOf(db, t.id))[0]!.id;
  expect((await runAlertSweep(db, T1 + 30_000, config)).messages).toBe(0); // still inside the 60 s window
  expect((await runAlertSweep(db, T1 + 60_000, config)).messages).toBe(4);
  expect((await runAlertSweep(db, T1 + 120_000, config)).messages).toBe(0);
  const notifier = new Notifier(db, { now: () => T1 + 61_000 });
  expect(await notifier.drain()).toBe(4);
});
afterAll(async () => {
  for (const r of Object.values(rx)) await r.close();
});

const only = (k: keyof typeof rx): Received => {
  expect(rx[k].requests).toHaveLength(1);
  return rx[k].requests[0]!;
};
const SENT_AT = T1 + 61_000;

describe("message formats and signatures", () => {
  it("DingTalk: markdown, signed with timestamp (ms) and sign in the query", () => {
    const r = only("dingtalk");
    expect(r.url.pathname).toBe("/robot/send");
    expect(r.url.searchParams.get("access_token")).toBe("tok-ding-123456");
    const ts = r.url.searchParams.get("timestamp")!;
    expect(ts).toBe(String(SENT_AT));
    const expected = createHmac("sha256", SECRET.dingtalk).update(`${ts}\n${SECRET.dingtalk}`).digest("base64");
    expect(r.url.searchParams.get("sign")).toBe(expected);
    expect(r.url.search).toContain(`sign=${encodeURIComponent(expected)}`);
    expect(r.json.msgtype).toBe("markdown");
    expect(r.json.markdown.title).toContain("POS 终端告警");
    expect(r.json.markdown.text).toContain("张记餐馆");
    expect(r.json.markdown.text).toContain(`(https://fleet.example.cn/alerts/${alertId})`);
    expect(r.headers["idempotency-key"]).toMatch(/^pfh-\d+-\d+-\d+$/);
  });

  it("WeCom: markdown content within 4096 bytes, the key stays in the URL", () => {
    const r = only("wecom");
    expect(r.url.searchParams.get("key")).toBe("wecom-key-7890");
    expect(r.json.msgtype).toBe("markdown");
    expect(Buffer.byteLength(r.json.markdown.content)).toBeLessThanOrEqual(WECOM_MAX_BYTES);
    expect(r.json.markdown.content).toContain(`https://fleet.example.cn/alerts/${alertId}`);
  });

  it("Feishu: post message in the channel's language, timestamp (s) and sign in the body", () => {
    const r = only("feishu");
    const ts = r.json.timestamp as string;
    expect(ts).toBe(String(Math.floor(SENT_AT / 1000)));
    expect(r.json.sign).toBe(createHmac("sha256", `${ts}\n${SECRET.feishu}`).update("").digest("base64"));
    expect(r.json.msg_type).toBe("post");
    const post = r.json.content.post.en_us;
    expect(post.title).toContain("POS terminal alerts");
    const links = (post.content as { tag: string; href?: string }[][]).flat().filter((x) => x.tag === "a").map((x) => x.href);
    expect(links).toContain(`https://fleet.example.cn/alerts/${alertId}`);
  });

  it("generic webhook: JSON body, HMAC-SHA256 over timestamp.body, idempotency key in header and body", () => {
    const r = only("webhook");
    const ts = r.headers["x-pfh-timestamp"] as string;
    expect(ts).toBe(String(Math.floor(SENT_AT / 1000)));
    expect(r.headers["x-pfh-signature"]).toBe(`sha256=${createHmac("sha256", SECRET.webhook).update(`${ts}.${r.body}`).digest("hex")}`);
    expect(r.headers["idempotency-key"]).toBe(r.json.id);
    expect(r.headers["x-pfh-event"]).toBe("digest");
    expect(r.json).toMatchObject({ type: "digest", locale: "zh-CN", more: 0 });
    expect(r.json.items).toEqual([expect.objectContaining({ kind: "alert_opened", alertId, severity: "critical", category: "policy_firmware", merchant: "张记餐馆", city: "杭州", url: `https://fleet.example.cn/alerts/${alertId}` })]);
  });
});

describe("channel management", () => {
  it("checks input, role and scope, and never half-writes", async () => {
    const admin = net.scopes.admin;
    const bad = async (fn: () => Promise<unknown>, code: string, field?: string) => {
      try {
        await fn();
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).code).toBe(code);
        if (field) expect((e as AppError).details?.field).toBe(field);
        return;
      }
      throw new Error("expected an error");
    };
    const count = () => countRows(db, "channels");
    const before = await count();
    await bad(() => createChannel(db, admin, { name: "x", kind: "webhook", agentId: net.agents.root.id, url: "not a url", secret: "s" }, T0), "validation", "url");
    await bad(() => createChannel(db, admin, { name: "x", kind: "webhook", agentId: net.agents.root.id, url: "https://example.com/h" }, T0), "validation", "secret");
    await bad(() => createChannel(db, admin, { name: "x", kind: "wecom", agentId: net.agents.root.id, url: "" }, T0), "validation", "url");
    await bad(() => createChannel(db, admin, { name: "x", kind: "wecom", agentId: net.agents.root.id, url: "ftp://example.com/h" }, T0), "validation", "url");
    await bad(() => createChannel(db, admin, { name: "", kind: "sms", agentId: net.agents.root.id, url: "https://example.com/h" }, T0), "validation");
    await bad(() => createChannel(db, net.scopes.east, { name: "x", kind: "wecom", agentId: net.agents.east.id, url: "https://example.com/h" }, T0), "forbidden");
    await bad(() => createChannel(db, net.scopes.southAdmin, { name: "x", kind: "wecom", agentId: net.agents.east.id, url: "https://example.com/h" }, T0), "validation", "agentId");
    await bad(() => updateChannel(db, net.scopes.southAdmin, channel.wecom, { name: "x", kind: "wecom", agentId: net.agents.south.id, url: "https://example.com/h" }, T0), "not_found");
    await bad(() => deleteChannel(db, net.scopes.southAdmin, channel.wecom, T0), "not_found");
    expect(await count()).toBe(before);
  });

  it("keeps the stored URL and secret when an update leaves them empty, and audits without either", async () => {
    await updateChannel(db, net.scopes.admin, channel.webhook, { name: "CRM 2", kind: "webhook", agentId: net.agents.root.id, url: "" }, T0 + 1);
    const row = await db.get<{ name: string; url: string; secret: string }>(`SELECT name, url, secret FROM channels WHERE id = ?`, [channel.webhook]);
    expect(row).toEqual({ name: "CRM 2", url: `${rx.webhook.base}/hooks/pfh`, secret: SECRET.webhook });
    const audit = await db.all<{ before: string | null; after: string }>(`SELECT before, after FROM audit_log WHERE action LIKE 'channel.%'`);
    expect(audit.length).toBeGreaterThanOrEqual(5);
    for (const a of audit) {
      const text = `${a.before ?? ""}${a.after}`;
      for (const s of [...Object.values(SECRET), "tok-ding-123456", "wecom-key-7890", "127.0.0.1"]) expect(text).not.toContain(s);
    }
  });

  it("sends a test message at once and logs it", async () => {
    const r = await sendTestMessage(db, net.scopes.admin, channel.wecom, T1 + 5 * MIN, { publicUrl: config.publicUrl });
    expect(r).toMatchObject({ ok: true, status: 200 });
    expect(rx.wecom.requests).toHaveLength(2);
    expect(rx.wecom.requests[1]!.json.markdown.content).toContain("测试消息");
    const log = await db.all(`SELECT o.kind, o.delivered_at AS "deliveredAt", o.failed_at AS "failedAt", d.ok FROM outbox o JOIN delivery_attempts d ON d.outbox_id = o.id WHERE o.kind = 'test'`);
    expect(log).toEqual([{ kind: "test", deliveredAt: T1 + 5 * MIN, failedAt: null, ok: 1 }]);
  });

  it("a refused or failing send stores a reason without the URL's token or the secret", async () => {
    const echo = await startReceiver((r) => ({ status: 200, body: { errcode: 310000, errmsg: `sign not match for ${r.url.pathname}${r.url.search}` } }), { max: 5 });
    try {
      const id = await createChannel(db, net.scopes.admin, { name: "bad", kind: "dingtalk", agentId: net.agents.root.id, url: `${echo.base}/robot/send?access_token=leaky-token-999`, secret: "SECleaky" }, T0);
      const r = await sendTestMessage(db, net.scopes.admin, id, T1 + 6 * MIN);
      expect(r.ok).toBe(false);
      expect(r.error).toContain("errcode 310000");
      const stored = (await db.get<{ error: string }>(`SELECT error FROM delivery_attempts WHERE channel_id = ?`, [id]))!;
      expect(stored.error).toContain("310000");
      expect(stored.error).not.toContain("leaky-token-999");
      expect(stored.error).not.toContain("SECleaky");
    } finally {
      await echo.close();
    }
  });
});
