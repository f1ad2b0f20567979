// The alert lifecycle driven by real ingestion and the sweep with an explicit clock.
import { describe, expect, it } from "vitest";
import { logCall } from "@/lib/alerts/actions";
import { activeTerminals, refreshActiveTerminals } from "@/lib/alerts/active-set";
import { applyDiagnosis } from "@/lib/alerts/apply-diagnosis";
import { runSweep } from "@/lib/jobs/sweep";
import type { Finding } from "@/lib/rules/types";
import { authNetwork } from "./helpers/auth-network";
import { beat, freshDb, makeAgent, makeTerminal, T0 } from "../helpers/db";
import { alertsOf, countRows, ingestAs, kinds, MIN, timeline } from "../unit/alerts/fixtures";

const at = (seq: number) => T0 + seq * 5 * MIN; // when beat(sn, seq) was taken
const state = (db: ReturnType<typeof freshDb>, id: number) =>
  db.$client.prepare(`SELECT status, category FROM terminal_state WHERE terminal_id = ?`).get(id) as { status: string; category: string };

function world() {
  const db = freshDb();
  const agent = makeAgent(db);
  const post = ingestAs(db, agent);
  return { db, agent, post, t: makeTerminal(db, agent.id) };
}

describe("hold, dedup and escalation", () => {
  it("a warning waits 10 minutes before opening; the same problem again writes nothing", () => {
    const { db, post, t } = world();
    post([beat(t.sn, 1, { battery_pct: 12 })], at(1));
    const [a] = alertsOf(db, t.id);
    expect(a).toMatchObject({ category: "hardware", severity: "warning", status: "pending" });
    post([beat(t.sn, 2, { battery_pct: 12 })], at(2));
    expect(alertsOf(db, t.id)).toHaveLength(1);
    expect(kinds(db, a!.id)).toEqual(["created"]);
    runSweep(db, at(1) + 10 * MIN - 1);
    expect(alertsOf(db, t.id)[0]!.status).toBe("pending");
    runSweep(db, at(1) + 10 * MIN);
    expect(alertsOf(db, t.id)[0]!.status).toBe("open");
    expect(kinds(db, a!.id)).toEqual(["created", "opened"]);
  });

  it("a critical problem opens at once, and a worse diagnosis escalates the same alert", () => {
    const { db, agent, post, t } = world();
    const u = makeTerminal(db, agent.id);
    post([beat(u.sn, 1, { errors: { T_MERCHANT_FROZEN: 1 } })], at(1));
    expect(alertsOf(db, u.id)).toMatchObject([{ category: "policy_firmware", severity: "critical", status: "open" }]);

    post([beat(t.sn, 1, { battery_pct: 12 })], at(1));
    post([beat(t.sn, 2, { battery_pct: 3 })], at(2));
    const rows = alertsOf(db, t.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ severity: "critical", status: "open" });
    expect(kinds(db, rows[0]!.id)).toEqual(["created", "escalated", "opened"]);
  });
});

describe("resolution and reopening", () => {
  it("healthy for 15 min resolves; back within 24 h reopens the same alert; later a new one", () => {
    const { db, post, t } = world();
    post([beat(t.sn, 1, { battery_pct: 3 })], at(1));
    post([beat(t.sn, 2, { battery_pct: 90, charging: true })], at(2));
    expect(state(db, t.id).category).toBe("healthy");
    const first = alertsOf(db, t.id)[0]!;
    expect(first.clearedAt).toBe(at(2));
    runSweep(db, at(2) + 15 * MIN - 1);
    expect(alertsOf(db, t.id)[0]!.status).toBe("open");
    runSweep(db, at(2) + 15 * MIN);
    expect(alertsOf(db, t.id)[0]).toMatchObject({ status: "resolved", resolution: "auto_recovered" });

    // Back two hours later: the same alert, reopened.
    post([beat(t.sn, 30, { battery_pct: 3 })], at(30));
    expect(alertsOf(db, t.id)).toMatchObject([{ id: first.id, status: "open", reopenCount: 1 }]);
    expect(kinds(db, first.id)).toEqual(["created", "opened", "cleared", "resolved", "reopened", "opened"]);

    post([beat(t.sn, 31, { battery_pct: 95, charging: true })], at(31));
    runSweep(db, at(31) + 15 * MIN);
    expect(alertsOf(db, t.id)[0]!.status).toBe("resolved");
    // 24 h and more after that resolution: a new alert.
    const later = 31 + (24 * 60 + 20) / 5;
    post([beat(t.sn, later, { battery_pct: 3 })], at(later));
    const rows = alertsOf(db, t.id);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ status: "open", reopenCount: 0 });
  });

  it("a terminal that goes silent gets a critical alert from the sweep, resolved once it is back and healthy", () => {
    const { db, post, t } = world();
    post([beat(t.sn, 1)], at(1));
    expect(alertsOf(db, t.id)).toEqual([]);
    runSweep(db, at(1) + 30 * MIN + 1);
    expect(state(db, t.id).status).toBe("offline");
    const [a] = alertsOf(db, t.id);
    expect(a).toMatchObject({ severity: "critical", status: "open" });
    post([beat(t.sn, 12)], at(12));
    runSweep(db, at(12) + 15 * MIN);
    expect(alertsOf(db, t.id)[0]).toMatchObject({ status: "resolved", resolution: "auto_recovered" });
  });
});

describe("fixed on the phone", () => {
  it("is confirmed by the next healthy heartbeat, with each step on the timeline", async () => {
    const db = freshDb();
    const net = await authNetwork(db);
    const t = makeTerminal(db, net.agents.hz.id);
    const post = ingestAs(db, net.agents.root);
    post([beat(t.sn, 1, { battery_pct: 3 })], at(1));
    const a = alertsOf(db, t.id)[0]!;
    logCall(db, net.scopes.east, { id: a.id, outcome: "fixed_on_phone", note: "换了电池" }, at(1) + MIN);
    expect(alertsOf(db, t.id)[0]!.status).toBe("verifying");
    post([beat(t.sn, 2, { battery_pct: 90, charging: true })], at(2));
    expect(alertsOf(db, t.id)[0]).toMatchObject({ status: "resolved", resolution: "confirmed_by_heartbeat" });
    expect(timeline(db, a.id).map((e) => [e.kind, e.actorId])).toEqual([
      ["created", null], ["opened", null], ["acknowledged", net.ids.east], ["call_logged", net.ids.east], ["resolved", null],
    ]);
  });

  it("goes back to the queue when the problem persists past the check, keeping the history", async () => {
    const db = freshDb();
    const net = await authNetwork(db);
    const t = makeTerminal(db, net.agents.hz.id);
    const post = ingestAs(db, net.agents.root);
    post([beat(t.sn, 1, { battery_pct: 3 })], at(1));
    const a = alertsOf(db, t.id)[0]!;
    logCall(db, net.scopes.east, { id: a.id, outcome: "fixed_on_phone", note: "" }, at(1));
    for (let s = 2; s <= 7; s++) post([beat(t.sn, s, { battery_pct: 3 })], at(s));
    runSweep(db, at(1) + 30 * MIN - 1);
    expect(alertsOf(db, t.id)[0]!.status).toBe("verifying");
    runSweep(db, at(1) + 30 * MIN);
    expect(alertsOf(db, t.id)[0]).toMatchObject({ status: "acknowledged", lastCallOutcome: "fixed_on_phone" });
    expect(kinds(db, a.id)).toEqual(["created", "opened", "acknowledged", "call_logged", "fix_not_confirmed"]);
  });
});

describe("the hot path", () => {
  it("a healthy terminal without an active alert costs a set lookup and writes nothing", () => {
    const { db, t } = world();
    const changes = () => (db.$client.prepare(`SELECT total_changes() AS n`).get() as { n: number }).n;
    const before = changes();
    const started = performance.now();
    for (let i = 0; i < 200_000; i++) applyDiagnosis(db, t.id, { findings: [] }, T0 + i);
    const elapsed = performance.now() - started;
    expect(changes()).toBe(before);
    expect(countRows(db, "alerts")).toBe(0);
    // 200k calls: a Set lookup each; a prepared query each would take well over a second here.
    expect(elapsed).toBeLessThan(400);
  });

  it("the set of terminals with active alerts is a superset during a transaction and exact after commit", () => {
    const { db, post, t } = world();
    const sqlite = db.$client;
    const frozen: Finding[] = [{ ruleId: "codes.policy_firmware", category: "policy_firmware", severity: "critical", evidence: { readings: [], since: null }, message: { zh: "", en: "" }, steps: { zh: [], en: [] } }];
    expect(() =>
      sqlite.transaction(() => {
        applyDiagnosis(db, t.id, { findings: frozen }, T0);
        throw new Error("roll back");
      })(),
    ).toThrow("roll back");
    expect(countRows(db, "alerts")).toBe(0);
    expect(activeTerminals(sqlite).has(t.id)).toBe(true); // harmless: only a lookup more
    refreshActiveTerminals(sqlite);
    expect(activeTerminals(sqlite).has(t.id)).toBe(false);
    post([beat(t.sn, 1, { errors: { T_MERCHANT_FROZEN: 1 } })], at(1));
    expect(activeTerminals(sqlite).has(t.id)).toBe(true);
    // Resolved by the sweep: gone from the set once the sweep committed.
    post([beat(t.sn, 30)], at(30));
    runSweep(db, at(30) + 15 * MIN);
    expect(alertsOf(db, t.id)[0]!.status).toBe("resolved");
    expect(activeTerminals(sqlite).has(t.id)).toBe(false);
  });
});
