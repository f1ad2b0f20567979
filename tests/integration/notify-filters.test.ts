// Which channel hears about what: minimum severity, categories, the channel agent's subtree,
// maintenance windows, reminders for critical alerts nobody acknowledged.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { acknowledgeAlerts } from "@/lib/alerts/actions";
import { createSilence } from "@/lib/alerts/silences";
import { createChannel } from "@/lib/notify/channels";
import { Notifier } from "@/lib/notify/notifier";
import { runSweep } from "@/lib/jobs/sweep";
import { authNetwork } from "./helpers/auth-network";
import { beat, freshDb, makeTerminal, T0 } from "../helpers/db";
import { startReceiver } from "../unit/notify/receiver";
import { alertsOf, ingestAs, MIN } from "../unit/alerts/fixtures";

// The receivers listen on 127.0.0.1, which deliveries refuse unless the operator allows it.
process.env.NOTIFY_ALLOW_PRIVATE = "127.0.0.1/32";

let db: Db;
let net: Awaited<ReturnType<typeof authNetwork>>;
let rx: Awaited<ReturnType<typeof startReceiver>>;
const sn: Record<string, string> = {};
let critical = 0;

type Item = { kind: string; sn?: string };
/** Items each channel received, by the path its URL ends with. */
function received(): Record<string, Item[][]> {
  const out: Record<string, Item[][]> = {};
  for (const r of rx.requests) (out[r.url.pathname.slice(1)] ??= []).push(r.json.items as Item[]);
  return out;
}

beforeAll(async () => {
  db = await freshDb();
  net = await authNetwork(db);
  rx = await startReceiver(() => ({ status: 204 }), { max: 50 });
  const ch = (name: string, agentId: number, extra: Record<string, unknown> = {}) =>
    createChannel(db, net.scopes.admin, { name, kind: "webhook", agentId, url: `${rx.base}/${name}`, secret: "s", ...extra }, T0);
  await ch("all", net.agents.root.id);
  await ch("critical", net.agents.root.id, { minSeverity: "critical" });
  await ch("network", net.agents.root.id, { categories: ["network"] });
  await ch("south", net.agents.south.id);
  await ch("off", net.agents.root.id, { enabled: false });
  const post = ingestAs(db, net.agents.root);
  const hzWarn = await makeTerminal(db, net.agents.hz.id, { city: "杭州" });
  const hzCrit = await makeTerminal(db, net.agents.hz.id, { city: "杭州" });
  const eastNet = await makeTerminal(db, net.agents.east.id, { city: "宁波" });
  const muted = await makeTerminal(db, net.agents.east.id, { city: "温州" });
  Object.assign(sn, { hzWarn: hzWarn.sn, hzCrit: hzCrit.sn, eastNet: eastNet.sn, muted: muted.sn });
  await createSilence(db, net.scopes.east, { agentId: net.agents.east.id, city: "温州", minutes: 120, reason: "门店装修" }, T0);
  for (let s = 1; s <= 3; s++) {
    await post([
      beat(hzWarn.sn, s, { battery_pct: 12 }), beat(hzCrit.sn, s, { battery_pct: 2 }),
      beat(eastNet.sn, s, { signal_dbm: -110 }), beat(muted.sn, s, { battery_pct: 2 }),
    ], T0 + s * 5 * MIN);
  }
  critical = (await alertsOf(db, hzCrit.id))[0]!.id;
  await runSweep(db, T0 + 25 * MIN); // the warnings have held 10 min: open
  await runSweep(db, T0 + 26 * MIN); // and their 60 s window has passed: digests
  await new Notifier(db, { now: () => T0 + 26 * MIN }).drain();
});
afterAll(() => rx.close());

it("routes each alert by severity, category and the channel's part of the network", () => {
  const got = received();
  const sns = (name: string) => (got[name] ?? []).flat().map((i) => i.sn).sort();
  expect(sns("all")).toEqual([sn.hzWarn, sn.hzCrit, sn.eastNet].sort());
  expect(sns("critical")).toEqual([sn.hzCrit]);
  expect(sns("network")).toEqual([sn.eastNet]);
  expect(got.south).toBeUndefined();
  expect(got.off).toBeUndefined();
});

it("leaves out alerts in a maintenance window", async () => {
  expect(Object.values(received()).flat(2).some((i) => i.sn === sn.muted)).toBe(false);
  const muted = (await db.get<{ id: number }>(`SELECT id FROM terminals WHERE sn = ?`, [sn.muted]))!;
  expect((await alertsOf(db, muted.id))[0]!.status).toBe("open");
});

it("reminds about a critical alert still unacknowledged after 30 minutes, not about an acknowledged one", async () => {
  const before = rx.requests.length;
  const opened = (await db.get<{ o: number }>(`SELECT opened_at AS o FROM alerts WHERE id = ?`, [critical]))!.o;
  await runSweep(db, opened + 30 * MIN);
  await runSweep(db, opened + 31 * MIN);
  await new Notifier(db, { now: () => opened + 31 * MIN }).drain();
  const reminders = rx.requests.slice(before).flatMap((r) => (r.json.items as Item[]).filter((i) => i.kind === "reminder").map((i) => [r.url.pathname, i.sn]));
  expect(reminders).toEqual(expect.arrayContaining([["/all", sn.hzCrit], ["/critical", sn.hzCrit]]));
  expect(reminders.every(([, s]) => s === sn.hzCrit)).toBe(true);

  await acknowledgeAlerts(db, net.scopes.east, { ids: [critical] }, opened + 40 * MIN);
  const after = rx.requests.length;
  await runSweep(db, opened + 61 * MIN);
  await runSweep(db, opened + 62 * MIN);
  await new Notifier(db, { now: () => opened + 62 * MIN }).drain();
  const later = rx.requests.slice(after).flatMap((r) => (r.json.items as Item[]).filter((i) => i.kind === "reminder" && i.sn === sn.hzCrit));
  expect(later).toEqual([]);
});
