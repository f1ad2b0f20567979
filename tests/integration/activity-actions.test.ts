// Calls and recovery marks on idle terminals: scoped, role-checked, audited, nothing half-written.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { latestActions } from "@/db/activity";
import { recordActivityAction } from "@/lib/activity/actions";
import { count, freshDb, makeAgent, makeTerminal, T0 } from "../helpers/db";

let db: Db;
let mine: { id: number; sn: string };
let theirs: { id: number; sn: string };
let east: { id: number; path: string };
const as = (a: { id: number; path: string }, role: "admin" | "manager" | "viewer") => ({ agentId: a.id, agentPath: a.path, role, userId: null });

beforeAll(async () => {
  db = await freshDb();
  const root = await makeAgent(db, null, { code: "AAROOT" });
  east = await makeAgent(db, root.id, { code: "AAEAST" });
  const west = await makeAgent(db, root.id, { code: "AAWEST" });
  mine = await makeTerminal(db, east.id);
  theirs = await makeTerminal(db, west.id);
});
afterAll(async () => db.close());

it("records a call and a recovery mark with an audit entry each, and shows the latest", async () => {
  await recordActivityAction(db, as(east, "manager"), { sn: mine.sn, kind: "call", note: "商户说下周恢复营业" }, T0);
  await recordActivityAction(db, as(east, "manager"), { sn: mine.sn, kind: "call", note: "再次回访" }, T0 + 1000);
  await recordActivityAction(db, as(east, "manager"), { sn: mine.sn, kind: "recover" }, T0 + 2000);
  const got = (await latestActions(db, as(east, "viewer"), [mine.id])).get(mine.id);
  expect(got).toEqual({ lastCallAt: T0 + 1000, lastCallNote: "再次回访", recoverMarkedAt: T0 + 2000 });
  expect(await count(db, `SELECT count(*) AS n FROM audit_log WHERE action IN ('terminal.call_logged', 'terminal.recovery_marked')`)).toBe(3);
});

it("refuses a viewer, another branch's terminal and a bad kind, and writes nothing", async () => {
  const before = await count(db, `SELECT count(*) AS n FROM activity_actions`);
  await expect(recordActivityAction(db, as(east, "viewer"), { sn: mine.sn, kind: "call" }, T0)).rejects.toThrow(/may not/);
  await expect(recordActivityAction(db, as(east, "admin"), { sn: theirs.sn, kind: "call" }, T0)).rejects.toThrow(/no terminal/);
  await expect(recordActivityAction(db, as(east, "admin"), { sn: mine.sn, kind: "delete" }, T0)).rejects.toThrow(/log a call or mark/);
  await expect(recordActivityAction(db, as(east, "admin"), { sn: mine.sn, kind: "call", note: "x".repeat(201) }, T0)).rejects.toThrow(/200/);
  expect(await count(db, `SELECT count(*) AS n FROM activity_actions`)).toBe(before);
  // Nor does another branch read them.
  expect((await latestActions(db, as({ id: 999, path: "/999/" }, "admin"), [mine.id])).size).toBe(0);
});
