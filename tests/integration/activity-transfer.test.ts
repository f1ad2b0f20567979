// 划拨 from the activity page: an idle terminal moves to another merchant of the caller's
// subtree (and to that merchant's agent), scoped, role-checked, audited, nothing half-written.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { transferToMerchant } from "@/lib/activity/transfer";
import { count, freshDb, makeAgent, makeTerminal, T0 } from "../helpers/db";

let db: Db;
let root: { id: number; path: string };
let east: { id: number; path: string };
let hz: { id: number; path: string };
let west: { id: number; path: string };
const as = (a: { id: number; path: string }, role: "admin" | "manager" | "viewer") => ({ agentId: a.id, agentPath: a.path, role, userId: null });
const one = async (sql: string, ...params: unknown[]) => (await db.get<Record<string, unknown>>(sql, params))!;

beforeAll(async () => {
  db = await freshDb();
  root = await makeAgent(db, null, { code: "TRROOT" });
  east = await makeAgent(db, root.id, { code: "TREAST" });
  hz = await makeAgent(db, east.id, { code: "TRHZ" });
  west = await makeAgent(db, root.id, { code: "TRWEST" });
});
afterAll(async () => db.close());

it("moves the terminal to a merchant of a sub-agent by name, with the agent, an activity record and an audit entry", async () => {
  const idle = await makeTerminal(db, east.id, { merchant: "闲置商户" });
  const target = await makeTerminal(db, hz.id, { merchant: "新开张小店", city: "宁波" });
  await db.run(`INSERT INTO terminal_place (terminal_id, city, lat, lon, updated_at) VALUES (?, '杭州', 30.27, 120.15, ?)`, [idle.id, T0]);
  const got = await transferToMerchant(db, as(east, "manager"), { sn: idle.sn, merchant: "新开张小店", note: "商户已闭店" }, T0 + 1000);
  expect(got).toEqual({ sn: idle.sn, merchantId: target.merchantId, merchant: "新开张小店", agentCode: "TRHZ" });
  expect(await one(`SELECT merchant_id AS m, agent_id AS a FROM terminals WHERE id = ?`, idle.id)).toEqual({ m: target.merchantId, a: hz.id });
  // Coordinates imported for the old shop are gone; the clock row follows the agent.
  expect(await count(db, `SELECT count(*) AS n FROM terminal_place WHERE terminal_id = ?`, idle.id)).toBe(0);
  expect(Number((await one(`SELECT agent_id AS a FROM terminal_clock WHERE terminal_id = ?`, idle.id)).a)).toBe(hz.id);
  expect(await count(db, `SELECT count(*) AS n FROM terminal_transfers WHERE terminal_id = ? AND to_agent_id = ?`, idle.id, hz.id)).toBe(1);
  const action = await one(`SELECT kind, note FROM activity_actions WHERE terminal_id = ?`, idle.id);
  expect(action.kind).toBe("transfer");
  expect(action.note).toContain("新开张小店");
  const audit = await one(`SELECT target_id AS t, "before" AS b, "after" AS a, agent_id AS g FROM audit_log WHERE action = 'terminal.merchant_transferred'`);
  expect(audit.t).toBe(idle.sn);
  expect(String(audit.b)).toContain("闲置商户");
  expect(String(audit.a)).toContain("新开张小店");
  expect(Number(audit.g)).toBe(hz.id);
});

it("takes the merchant's number, and keeps the agent when the merchant is under the same one", async () => {
  const idle = await makeTerminal(db, east.id);
  const target = await makeTerminal(db, east.id, { merchant: "同代理商户" });
  const got = await transferToMerchant(db, as(root, "admin"), { sn: idle.sn, merchant: `#${target.merchantId}` }, T0);
  expect(got.agentCode).toBeNull();
  expect(Number((await one(`SELECT merchant_id AS m FROM terminals WHERE id = ?`, idle.id)).m)).toBe(target.merchantId);
  expect(await count(db, `SELECT count(*) AS n FROM terminal_transfers WHERE terminal_id = ?`, idle.id)).toBe(0);
});

it("refuses a viewer, a merchant or terminal outside the subtree, a repeated name, the same merchant, and writes nothing", async () => {
  const idle = await makeTerminal(db, east.id, { merchant: "原商户" });
  const theirs = await makeTerminal(db, west.id, { merchant: "别家商户" });
  await makeTerminal(db, east.id, { merchant: "重名店" });
  await makeTerminal(db, hz.id, { merchant: "重名店" });
  const before = [await count(db, `SELECT count(*) AS n FROM activity_actions`), await count(db, `SELECT count(*) AS n FROM audit_log`)];
  await expect(transferToMerchant(db, as(east, "viewer"), { sn: idle.sn, merchant: "原商户" }, T0)).rejects.toThrow(/may not/);
  await expect(transferToMerchant(db, as(east, "manager"), { sn: idle.sn, merchant: "别家商户" }, T0)).rejects.toMatchObject({ details: { reason: "unknown_merchant", field: "merchant" } });
  await expect(transferToMerchant(db, as(east, "manager"), { sn: idle.sn, merchant: `${theirs.merchantId}` }, T0)).rejects.toMatchObject({ details: { reason: "unknown_merchant" } });
  await expect(transferToMerchant(db, as(east, "manager"), { sn: theirs.sn, merchant: "原商户" }, T0)).rejects.toThrow(/no terminal/);
  await expect(transferToMerchant(db, as(east, "manager"), { sn: idle.sn, merchant: "重名店" }, T0)).rejects.toMatchObject({ details: { reason: "ambiguous_merchant" } });
  await expect(transferToMerchant(db, as(east, "manager"), { sn: idle.sn, merchant: "原商户" }, T0)).rejects.toMatchObject({ details: { reason: "same_merchant" } });
  await expect(transferToMerchant(db, as(east, "manager"), { sn: idle.sn, merchant: "" }, T0)).rejects.toThrow();
  expect([await count(db, `SELECT count(*) AS n FROM activity_actions`), await count(db, `SELECT count(*) AS n FROM audit_log`)]).toEqual(before);
  expect(Number((await one(`SELECT agent_id AS a FROM terminals WHERE id = ?`, idle.id)).a)).toBe(east.id);
});
