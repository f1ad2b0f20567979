// The rules wired into ingest and the sweep: diagnoses land in terminal_state through the API,
// and a sweep with an explicit `now` marks a silent terminal offline with its inferred cause.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createIngestKey } from "@/lib/auth/ingest-keys";
import { runSweep } from "@/lib/jobs/sweep";
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
