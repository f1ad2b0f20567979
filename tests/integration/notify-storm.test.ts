// A storm: 500 terminals turn critical within one minute. Each channel gets ONE grouped message.
import { afterAll, expect, it } from "vitest";
import { runAlertSweep } from "@/lib/alerts/sweep";
import { DEFAULT_ALERT_CONFIG } from "@/lib/alerts/config";
import { createChannel } from "@/lib/notify/channels";
import { Notifier } from "@/lib/notify/notifier";
import { WECOM_MAX_BYTES } from "@/lib/notify/render";
import { authNetwork } from "./helpers/auth-network";
import { beat, freshDb, makeTerminal, T0 } from "../helpers/db";
import { accept, startReceiver } from "../unit/notify/receiver";
import { countRows, ingestAs, MIN } from "../unit/alerts/fixtures";

// The receivers listen on 127.0.0.1, which deliveries refuse unless the operator allows it.
process.env.NOTIFY_ALLOW_PRIVATE = "127.0.0.1/32";

const KINDS = ["dingtalk", "wecom", "feishu", "webhook"] as const;
const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];
afterAll(async () => {
  for (const r of receivers) await r.close();
});

it("500 alerts in a minute produce one message per channel, listing the worst and counting the rest", async () => {
  const db = await freshDb();
  const net = await authNetwork(db);
  const rx = {} as Record<(typeof KINDS)[number], Awaited<ReturnType<typeof startReceiver>>>;
  for (const k of KINDS) {
    rx[k] = await startReceiver(accept[k], { max: 10 });
    receivers.push(rx[k]);
    const url = { dingtalk: "/robot/send?access_token=t", wecom: "/send?key=k", feishu: "/hook/f", webhook: "/hook" }[k];
    await createChannel(db, net.scopes.admin, { name: k, kind: k, agentId: net.agents.root.id, url: rx[k].base + url, secret: k === "wecom" ? "" : "s3cret" }, T0);
  }
  const post = ingestAs(db, net.agents.root);
  const start = T0 + 5 * MIN;
  const terminals = [];
  for (let i = 0; i < 500; i++) terminals.push(await makeTerminal(db, i % 2 ? net.agents.hz.id : net.agents.east.id, { city: i % 2 ? "杭州" : "宁波" }));
  // Ten batches of 50, five seconds apart: 45 s from the first to the last.
  for (let b = 0; b < 10; b++) {
    const batch = terminals.slice(b * 50, b * 50 + 50).map((t) => beat(t.sn, 1, { battery_pct: 2 }));
    await post(batch, start + b * 5_000);
    // The per-minute sweep may run in the middle of the storm; it must not send a partial digest.
    if (b === 5) expect((await runAlertSweep(db, start + b * 5_000, DEFAULT_ALERT_CONFIG)).messages).toBe(0);
  }
  expect(await countRows(db, "alerts")).toBe(500);
  expect((await runAlertSweep(db, start + 60_000, DEFAULT_ALERT_CONFIG)).messages).toBe(4);
  expect((await runAlertSweep(db, start + 120_000, DEFAULT_ALERT_CONFIG)).messages).toBe(0);

  const notifier = new Notifier(db, { now: () => start + 61_000 });
  expect(await notifier.drain()).toBe(4);
  for (const k of KINDS) expect(rx[k].requests).toHaveLength(1);
  const hook = rx.webhook.requests[0]!.json;
  expect(hook.items).toHaveLength(10);
  expect(hook.more).toBe(490);
  expect(hook.title).toContain("500");
  expect(Buffer.byteLength(rx.wecom.requests[0]!.json.markdown.content)).toBeLessThanOrEqual(WECOM_MAX_BYTES);
  expect(rx.dingtalk.requests[0]!.json.markdown.text).toContain("另有 490 条");
});
