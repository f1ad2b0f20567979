// The rules wired into ingest and the sweep: diagnoses land in terminal_state through the API,
// and a sweep with an explicit `now` marks a silent terminal offline with its inferred cause.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createIngestKey } from "@/lib/auth/ingest-keys";
import { windowCache } from "@/lib/ingest/window-cache";
import { runSweep } from "@/lib/jobs/sweep";
import { describeEvidence } from "@/lib/rules";
import { beat, freshDb, makeAgent, makeTerminal, T0 } from "../helpers/db";
import { startApi } from "../helpers/server";

const MIN = 60_000;
const db = await freshDb();
const agent = await makeAgent(db, null, { code: "DIAG" });
const weak = await makeTerminal(db, agent.id);
const frozen = await makeTerminal(db, agent.id);
const fine = await makeTerminal(db, agent.id);
const dying = await makeTerminal(db, agent.id);
const key = (await createIngestKey(db, agent.id, "diag", T0)).key;
let now = T0;
let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi(db, () => now);
});
afterAll(async () => {
  await api.close();
  await db.close();
});

const state = async (id: number) =>
  (await db.get<{ status: string; category: string; severity: string; confidence: string; findings: string }>(
    `SELECT status, category, severity, confidence, coalesce((SELECT findings FROM terminal_findings f WHERE f.terminal_id = s.terminal_id), '[]') AS findings FROM terminal_state s WHERE terminal_id = ?`,
    [id],
  ))!;

it("stores each terminal's diagnosis, with evidence and fix steps, as beats arrive", async () => {
  for (let i = 1; i <= 4; i++) {
    now = T0 + i * 5 * MIN;
    const res = await api.post({
      heartbeats: [
        beat(weak.sn, i, { signal_dbm: -108, errors: { T_CONNECT_TIMEOUT: 1 } }),
        beat(frozen.sn, i, { errors: i === 2 ? { T_MERCHANT_FROZEN: 1 } : { "51": 3 } }),
        beat(fine.sn, i, { errors: { "51": 2, "55": 1 } }), // cardholder noise only
        beat(dying.sn, i, { battery_pct: 20 - i * 3 }),
      ],
    }, key);
    expect((await res.json()).accepted).toBe(4);
  }
  expect(await state(weak.id)).toMatchObject({ status: "online", category: "network", severity: "warning" });
  expect(await state(frozen.id)).toMatchObject({ status: "online", category: "policy_firmware", severity: "critical" });
  expect(await state(fine.id)).toMatchObject({ status: "online", category: "healthy", severity: "ok", findings: "[]" });
  expect(await state(dying.id)).toMatchObject({ category: "hardware" });
  const findings = JSON.parse((await state(weak.id)).findings) as { ruleId: string; steps: { zh: string[]; en: string[] } }[];
  expect(findings[0]!.steps.zh.length).toBeGreaterThan(0);
  expect(findings[0]!.steps.en.length).toBeGreaterThan(0);
});

it("the sweep marks terminals silent for more than 30 min offline, with the cause of their last window", async () => {
  const last = now;
  expect((await runSweep(db, last + 30 * MIN)).wentOffline).toBe(0); // exactly 30 min: still online
  expect((await state(fine.id)).status).toBe("online");
  const r = await runSweep(db, last + 30 * MIN + 1);
  expect(r.wentOffline).toBe(4);
  expect(await state(fine.id)).toMatchObject({ status: "offline", category: "hardware", severity: "critical", confidence: "low" });
  expect(await state(weak.id)).toMatchObject({ status: "offline", category: "network", severity: "critical" });
  expect(await state(dying.id)).toMatchObject({ status: "offline", category: "hardware", confidence: "high" });
  expect((await runSweep(db, last + 40 * MIN)).wentOffline).toBe(0); // already offline: not counted again
});

it("a heartbeat after the silence brings the terminal back online", async () => {
  now += 45 * MIN;
  await api.post(beat(fine.sn, 5), key);
  expect(await state(fine.id)).toMatchObject({ status: "online", category: "healthy" });
});

// ---------------------------------------------------------------- the reworked rules, end to end
//
// Each case posts real heartbeats through the API (received at the simulated `now`) and reads the
// stored diagnosis; offline cases go through the sweep. Times are minutes after the case's start.

let base = T0;
let seqs = new Map<string, number>();

/** Each case starts six hours after the previous one ended, so no window reaches back into it. */
function newCase(): void {
  seqs = new Map();
  base = now + 6 * 60 * MIN;
}

/** Posts one beat per terminal at `base + minute`, each with its overrides; all must be accepted. */
async function postAt(minute: number, items: [{ sn: string }, Record<string, unknown>][]): Promise<void> {
  now = base + minute * MIN;
  const heartbeats = items.map(([t, over]) => {
    const n = (seqs.get(t.sn) ?? 0) + 1;
    seqs.set(t.sn, n);
    return beat(t.sn, n, { ts: now, ...over });
  });
  const res = await api.post({ heartbeats }, key);
  const body = (await res.json()) as { accepted?: number };
  expect(body.accepted, `minute ${minute}: ${res.status} ${JSON.stringify(body)}`).toBe(items.length);
}

interface StoredFinding { ruleId: string; category: string; evidence: { facts?: unknown[] }; message: { zh: string; en: string }; steps: { zh: string[]; en: string[] } }
const findingsOf = async (id: number) => JSON.parse((await state(id)).findings) as StoredFinding[];
const sentences = async (id: number, lang: "zh-CN" | "en") => (await findingsOf(id)).flatMap((f) => describeEvidence(f as never, lang));

const RAW = /silenceMs|leadCode|reattributed|incidents|occurrences|thresholdDbm|\b1\d{12}\b|\d{4}-\d{2}-\d{2}T/;

it("counts per code: three different link codes once each are not a pattern, one code in three heartbeats is", async () => {
  newCase();
  const mixed = await makeTerminal(db, agent.id);
  const same = await makeTerminal(db, agent.id);
  const codes = ["T_CONNECT_TIMEOUT", "T_COMM_FAIL", "T_RECV_TIMEOUT"];
  for (let i = 0; i < 3; i++) await postAt(i * 5, [[mixed, { errors: { [codes[i]!]: 1 } }], [same, { errors: { T_COMM_FAIL: 1 } }]]);
  expect(await state(mixed.id)).toMatchObject({ status: "online", category: "healthy", findings: "[]" });
  expect(await state(same.id)).toMatchObject({ status: "online", category: "network", severity: "warning" });
  const [lead] = await findingsOf(same.id);
  expect(lead!.ruleId).toBe("codes.network");
  const en = await sentences(same.id, "en");
  expect(en[0]).toMatch(/^T_COMM_FAIL \(.+\) in 3 heartbeats \(3 flag a pattern\), first at \d\d:\d\d, latest at \d\d:\d\d$/);
  for (const s of [...en, ...(await sentences(same.id, "zh-CN"))]) expect(s).not.toMatch(RAW);
});

it("a burst inside one heartbeat counts once: five card-read failures in one beat are a cashier retrying, in three beats a reader", async () => {
  newCase();
  const burst = await makeTerminal(db, agent.id);
  const reader = await makeTerminal(db, agent.id);
  for (let i = 0; i < 3; i++) {
    await postAt(i * 5, [[burst, { errors: i === 1 ? { T_CARD_READ_FAIL: 5 } : {} }], [reader, { errors: { T_CARD_READ_FAIL: i === 1 ? 5 : 1 } }]]);
  }
  expect(await state(burst.id)).toMatchObject({ category: "healthy", findings: "[]" });
  expect(await state(reader.id)).toMatchObject({ category: "hardware" });
  // The total is worth saying when a beat held a burst.
  expect((await sentences(reader.id, "en"))[0]).toMatch(/in 3 heartbeats \(7 times in all; 3 flag a pattern\)/);
  expect((await sentences(reader.id, "zh-CN"))[0]).toMatch(/在 3 次心跳中出现（共 7 次，3 次心跳即视为反复出现）/);
});

it("sign-in prompts followed by approved sales are fixed since, through the window cache and through the database", async () => {
  newCase();
  const signed = await makeTerminal(db, agent.id);
  const never = await makeTerminal(db, agent.id);
  for (let i = 0; i < 3; i++) await postAt(i * 5, [[signed, { errors: { T_NOT_SIGNED_IN: 2 }, txn_count: 0 }], [never, { errors: { T_NOT_SIGNED_IN: 2 }, txn_count: 0 }]]);
  expect(await state(signed.id)).toMatchObject({ category: "operation" });
  // The cashier signs in: the next beat carries approved sales and no prompt.
  await postAt(15, [[signed, { txn_count: 4 }], [never, { txn_count: 0 }]]);
  expect(await state(signed.id)).toMatchObject({ category: "healthy", findings: "[]" });
  expect(await state(never.id)).toMatchObject({ category: "operation" });
  // A quiet beat after it: the approved sales must still be known from the cached window …
  await postAt(20, [[signed, { txn_count: 0 }], [never, { txn_count: 0 }]]);
  expect(await state(signed.id)).toMatchObject({ category: "healthy" });
  // … and from the stored heartbeats when the window is read again.
  windowCache(db).clear();
  await postAt(25, [[signed, { txn_count: 0 }], [never, { txn_count: 0 }]]);
  expect(await state(signed.id)).toMatchObject({ category: "healthy" });
  expect(await state(never.id)).toMatchObject({ category: "operation" });
  const steps = (await findingsOf(never.id))[0]!.steps.zh;
  expect(steps.join("")).toMatch(/签到/);
});

it("a weak link in the last beats before a silence makes the sweep read it as the network, normal readings as an unseen cause", async () => {
  newCase();
  const fading = await makeTerminal(db, agent.id);
  const normal = await makeTerminal(db, agent.id);
  for (let i = 0; i < 5; i++) await postAt(i * 5, [[fading, { signal_dbm: i >= 3 ? -106 : -72 }], [normal, {}]]);
  const last = now;
  await runSweep(db, last + 30 * MIN + 1);
  expect(await state(fading.id)).toMatchObject({ status: "offline", category: "network", severity: "critical", confidence: "high" });
  expect(await state(normal.id)).toMatchObject({ status: "offline", category: "hardware", confidence: "low" });
  const zh = await sentences(fading.id, "zh-CN");
  expect(zh[0]).toMatch(/^已 30 分钟无心跳（约漏报 6 次），最后上报 \d\d:\d\d$/);
  expect(zh).toContain("失联前最后 2 次心跳均信号 ≤ −100 dBm（最低 −106 dBm）");
  expect((await sentences(fading.id, "en"))).toContain("Before going silent, both of its last 2 heartbeats had a signal at or below −100 dBm (lowest −106 dBm)");
  expect(await sentences(normal.id, "en")).toContain("Its readings were normal before it went silent (signal, battery, no link errors), so the cause cannot be seen");
});

it("a charger that does not charge: on it for four beats and stuck at 8 %", async () => {
  newCase();
  const stuck = await makeTerminal(db, agent.id);
  for (let i = 0; i < 4; i++) await postAt(i * 5, [[stuck, { charging: true, battery_pct: 8 }]]);
  expect(await state(stuck.id)).toMatchObject({ status: "online", category: "hardware" });
  const [lead] = await findingsOf(stuck.id);
  expect(lead!.ruleId).toBe("battery.charging_stalled");
  expect((await sentences(stuck.id, "en"))[0]).toMatch(/^On the charger for 4 heartbeats but the level did not rise: 8 % → 8 % → 8 % → 8 % \(\d\d:\d\d–\d\d:\d\d\)$/);
});

it("posting every minute or every five minutes gives the same two-hour window", async () => {
  newCase();
  const everyMinute = await makeTerminal(db, agent.id);
  const everyFive = await makeTerminal(db, agent.id);
  // Card-read failures at minutes 5, 60 and 110 on both. At minute 120 all three are inside the
  // last two hours (a window of the last 24 beats would hold only one of them for the terminal
  // posting every minute); at minute 130 the first has left it.
  const failing = new Set([5, 60, 110]);
  const categories = async () => [(await state(everyMinute.id)).category, (await state(everyFive.id)).category];
  for (let m = 0; m <= 130; m++) {
    const errors = failing.has(m) ? { T_CARD_READ_FAIL: 1 } : {};
    await postAt(m, m % 5 === 0 ? [[everyMinute, { errors }], [everyFive, { errors }]] : [[everyMinute, { errors }]]);
    if (m === 120) expect(await categories(), "minute 120").toEqual(["hardware", "hardware"]);
  }
  expect(await categories(), "minute 130").toEqual(["healthy", "healthy"]);
  const stored = await db.get<{ n: number }>(`SELECT count(*) AS n FROM heartbeats WHERE terminal_id = ?`, [everyMinute.id]);
  expect(Number(stored!.n)).toBe(131);
});

it("one sweep marks a whole network that went silent at once offline, in slices that each commit", async () => {
  const outage = await makeAgent(db, null, { code: "OUTAGE" });
  const many = await Promise.all(Array.from({ length: 60 }, () => makeTerminal(db, outage.id)));
  const outageKey = (await createIngestKey(db, outage.id, "outage", T0)).key;
  now += 5 * MIN;
  const res = await api.post({ heartbeats: many.map((t) => beat(t.sn, 1)) }, outageKey);
  expect((await res.json()).accepted).toBe(60);
  const r = await runSweep(db, now + 31 * MIN);
  expect(r.wentOffline).toBeGreaterThanOrEqual(60); // more than one slice of 25
  const offline = await db.get<{ n: number }>(
    `SELECT count(*) AS n FROM terminal_state s JOIN terminals t ON t.id = s.terminal_id WHERE t.agent_id = ? AND s.status = 'offline'`, [outage.id]);
  expect(Number(offline!.n)).toBe(60);
});
