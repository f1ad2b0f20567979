// The alert lifecycle driven by real ingestion and the sweep with an explicit clock.
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { logCall } from "@/lib/alerts/actions";
import { activeTerminals, refreshActiveTerminals } from "@/lib/alerts/active-set";
import { applyDiagnosis } from "@/lib/alerts/apply-diagnosis";
import { runSweep } from "@/lib/jobs/sweep";
import type { Finding } from "@/lib/rules/types";
import { authNetwork } from "./helpers/auth-network";
import { beat, freshDb, makeAgent, makeTerminal, T0 } from "../helpers/db";
import { alertsOf, countRows, ingestAs, kinds, MIN, timeline } from "../unit/alerts/fixtures";

const at = (seq: number) => T0 + seq * 5 * MIN; // when beat(sn, seq) was taken
const state = async (db: Db, id: number) =>
  (await db.get<{ status: string; category: string }>(`SELECT status, category FROM terminal_state WHERE terminal_id = ?`, [id]))!;

async function world() {
  const db = await freshDb();
  const agent = await makeAgent(db);
  const post = ingestAs(db, agent);
  return { db, agent, post, t: await makeTerminal(db, agent.id) };
}

describe("hold, dedup and escalation", () => {
  it("a warning waits 10 minutes before opening; the same problem again writes nothing", async () => {
    const { db, post, t } = await world();
    await post([beat(t.sn, 1, { battery_pct: 12 })], at(1));
    const [a] = await alertsOf(db, t.id);
    expect(a).toMatchObject({ category: "hardware", severity: "warning", status: "pending" });
    await post([beat(t.sn, 2, { battery_pct: 12 })], at(2));
    expect(await alertsOf(db, t.id)).toHaveLength(1);
    expect(await kinds(db, a!.id)).toEqual(["created"]);
    await runSweep(db, at(1) + 10 * MIN - 1);
    expect((await alertsOf(db, t.id))[0]!.status).toBe("pending");
    await runSweep(db, at(1) + 10 * MIN);
    expect((await alertsOf(db, t.id))[0]!.status).toBe("open");
    expect(await kinds(db, a!.id)).toEqual(["created", "opened"]);
  });

  it("a critical problem opens at once, and a worse diagnosis escalates the same alert", async () => {
    const { db, agent, post, t } = await world();
    const u = await makeTerminal(db, agent.id);
    await post([beat(u.sn, 1, { errors: { T_MERCHANT_FROZEN: 1 } })], at(1));
    expect(await alertsOf(db, u.id)).toMatchObject([{ category: "policy_firmware", severity: "critical", status: "open" }]);

    await post([beat(t.sn, 1, { battery_pct: 12 })], at(1));
    await post([beat(t.sn, 2, { battery_pct: 3 })], at(2));
    const rows = await alertsOf(db, t.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ severity: "critical", status: "open" });
    expect(await kinds(db, rows[0]!.id)).toEqual(["created", "escalated", "opened"]);
  });
});

describe("resolution and reopening", () => {
  it("healthy for 15 min resolves; back within 24 h reopens the same alert; later a new one", async () => {
    const { db, post, t } = await world();
    await post([beat(t.sn, 1, { battery_pct: 3 })], at(1));
    await post([beat(t.sn, 2, { battery_pct: 90, charging: true })], at(2));
    expect((await state(db, t.id)).category).toBe("healthy");
    const first = (await alertsOf(db, t.id))[0]!;
    expect(first.clearedAt).toBe(at(2));
    await runSweep(db, at(2) + 15 * MIN - 1);
    expect((await alertsOf(db, t.id))[0]!.status).toBe("open");
    await runSweep(db, at(2) + 15 * MIN);
    expect((await alertsOf(db, t.id))[0]).toMatchObject({ status: "resolved", resolution: "auto_recovered" });

    // Back two hours later: the same alert, reopened.
    await post([beat(t.sn, 30, { battery_pct: 3 })], at(30));
    expect(await alertsOf(db, t.id)).toMatchObject([{ id: first.id, status: "open", reopenCount: 1 }]);
    expect(await kinds(db, first.id)).toEqual(["created", "opened", "cleared", "resolved", "reopened", "opened"]);

    await post([beat(t.sn, 31, { battery_pct: 95, charging: true })], at(31));
    await runSweep(db, at(31) + 15 * MIN);
    expect((await alertsOf(db, t.id))[0]!.status).toBe("resolved");
    // 24 h and more after that resolution: a new alert.
    const later = 31 + (24 * 60 + 20) / 5;
    await post([beat(t.sn, later, { battery_pct: 3 })], at(later));
    const rows = await alertsOf(db, t.id);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ status: "open", reopenCount: 0 });
  });

  it("a terminal that goes silent gets a critical alert from the sweep, resolved once it is back and healthy", async () => {
    const { db, post, t } = await world();
    await post([beat(t.sn, 1)], at(1));
    expect(await alertsOf(db, t.id)).toEqual([]);
    await runSweep(db, at(1) + 30 * MIN + 1);
    expect((await state(db, t.id)).status).toBe("offline");
    const [a] = await alertsOf(db, t.id);
    expect(a).toMatchObject({ severity: "critical", status: "open" });
    await post([beat(t.sn, 12)], at(12));
    await runSweep(db, at(12) + 15 * MIN);
    expect((await alertsOf(db, t.id))[0]).toMatchObject({ status: "resolved", resolution: "auto_recovered" });
  });
});

describe("fixed on the phone", () => {
  it("is confirmed by the next healthy heartbeat, with each step on the timeline", async () => {
    const db = await freshDb();
    const net = await authNetwork(db);
    const t = await makeTerminal(db, net.agents.hz.id);
    const post = ingestAs(db, net.agents.root);
    await post([beat(t.sn, 1, { battery_pct: 3 })], at(1));
    const a = (await alertsOf(db, t.id))[0]!;
    await logCall(db, net.scopes.east, { id: a.id, outcome: "fixed_on_phone", note: "换了电池" }, at(1) + MIN);
    expect((await alertsOf(db, t.id))[0]!.status).toBe("verifying");
    await post([beat(t.sn, 2, { battery_pct: 90, charging: true })], at(2));
    expect((await alertsOf(db, t.id))[0]).toMatchObject({ status: "resolved", resolution: "confirmed_by_heartbeat" });
    expect((await timeline(db, a.id)).map((e) => [e.kind, e.actorId])).toEqual([
      ["created", null], ["opened", null], ["acknowledged", net.ids.east], ["call_logged", net.ids.east], ["resolved", null],
    ]);
  });

  it("goes back to the queue when the problem persists past the check, keeping the history", async () => {
    const db = await freshDb();
    const net = await authNetwork(db);
    const t = await makeTerminal(db, net.agents.hz.id);
    const post = ingestAs(db, net.agents.root);
    await post([beat(t.sn, 1, { battery_pct: 3 })], at(1));
    const a = (await alertsOf(db, t.id))[0]!;
    await logCall(db, net.scopes.east, { id: a.id, outcome: "fixed_on_phone", note: "" }, at(1));
    for (let s = 2; s <= 7; s++) await post([beat(t.sn, s, { battery_pct: 3 })], at(s));
    await runSweep(db, at(1) + 30 * MIN - 1);
    expect((await alertsOf(db, t.id))[0]!.status).toBe("verifying");
    await runSweep(db, at(1) + 30 * MIN);
    expect((await alertsOf(db, t.id))[0]).toMatchObject({ status: "acknowledged", lastCallOutcome: "fixed_on_phone" });
    expect(await kinds(db, a.id)).toEqual(["created", "opened", "acknowledged", "call_logged", "fix_not_confirmed"]);
  });
});

describe("the hot path", () => {
  it("a healthy terminal without an active alert costs a set lookup and writes nothing", async () => {
    const { db, t } = await world();
    await activeTerminals(db);
    // Count every statement the store is asked to run (own properties shadow its methods).
    let statements = 0;
    const methods = ["all", "get", "run", "exec", "transaction"] as const;
    const store = db as unknown as Record<string, unknown>;
    for (const m of methods) {
      const original = (db[m] as (...a: unknown[]) => unknown).bind(db);
      store[m] = (...args: unknown[]) => {
        statements++;
        return original(...args);
      };
    }
    for (let i = 0; i < 2_000; i++) await applyDiagnosis(db, t.id, { findings: [] }, T0 + i);
    for (const m of methods) delete store[m];
    // No statement at all: the cost is the set lookup (its speed is the benchmark's business).
    expect(statements).toBe(0);
    expect(await countRows(db, "alerts")).toBe(0);
  });

  it("the set of terminals with active alerts is a superset during a transaction and exact after commit", async () => {
    const { db, post, t } = await world();
    const frozen: Finding[] = [{ ruleId: "codes.policy_firmware", category: "policy_firmware", severity: "critical", evidence: { readings: [], since: null }, message: { zh: "", en: "" }, steps: { zh: [], en: [] } }];
    await expect(
      db.transaction(async () => {
        await applyDiagnosis(db, t.id, { findings: frozen }, T0);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await countRows(db, "alerts")).toBe(0);
    expect((await activeTerminals(db)).has(t.id)).toBe(true); // harmless: only a lookup more
    await refreshActiveTerminals(db);
    expect((await activeTerminals(db)).has(t.id)).toBe(false);
    await post([beat(t.sn, 1, { errors: { T_MERCHANT_FROZEN: 1 } })], at(1));
    expect((await activeTerminals(db)).has(t.id)).toBe(true);
    // Resolved by the sweep: gone from the set once the sweep committed.
    await post([beat(t.sn, 30)], at(30));
    await runSweep(db, at(30) + 15 * MIN);
    expect((await alertsOf(db, t.id))[0]!.status).toBe("resolved");
    expect((await activeTerminals(db)).has(t.id)).toBe(false);
  });
});
