// The fleet CSV import fills the registered place: coordinates and their city when a row gives
// them (lat/lon or 纬度/经度 columns), nothing when it does not (the merchant's city stands in);
// a half or out-of-range position is a row error like any other, and nothing is half-written.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { placeSources } from "@/db/activity";
import { importFleetCsv } from "@/lib/onboarding/import";
import { count, freshDb, makeAgent, T0 } from "../helpers/db";

let db: Db;
let scope: { agentId: number; agentPath: string; role: "admin"; userId: null };

beforeAll(async () => {
  db = await freshDb();
  const root = await makeAgent(db, null, { code: "IPROOT" });
  scope = { agentId: root.id, agentPath: root.path, role: "admin", userId: null };
});
afterAll(async () => db.close());

const idOf = async (sn: string) => Number((await db.get<{ id: number }>(`SELECT id FROM terminals WHERE sn = ?`, [sn]))!.id);

it("stores the coordinates a row gives, with its city, and none for a row without", async () => {
  const csv = "序列号,商户,省份,城市,代理商编码,纬度,经度\nIMP0001,东门小店,浙江,杭州,IPROOT,30.2741,120.1551\nIMP0002,西门小店,浙江,杭州,IPROOT,,\n";
  const r = await importFleetCsv(db, scope, csv, { mode: "all" }, T0);
  expect(r.imported).toBe(2);
  const places = await placeSources(db, [await idOf("IMP0001"), await idOf("IMP0002")]);
  expect(places.get(await idOf("IMP0001"))).toMatchObject({ city: "杭州", lat: 30.2741, lon: 120.1551 });
  expect(places.get(await idOf("IMP0002"))).toMatchObject({ city: "杭州", lat: null, lon: null });
  expect(await count(db, `SELECT count(*) AS n FROM terminal_place`)).toBe(1);
});

it("reports a half or impossible position by line, and an all-or-nothing import writes nothing", async () => {
  const csv = "serial,merchant,province,city,agent,lat,lon\nIMP0003,南门小店,浙江,杭州,IPROOT,30.27,\nIMP0004,北门小店,浙江,杭州,IPROOT,95,120\nIMP0005,中心小店,浙江,杭州,IPROOT,30.27,120.15\n";
  const r = await importFleetCsv(db, scope, csv, { mode: "all" }, T0);
  expect(r.imported).toBe(0);
  expect(r.rows.filter((x) => x.errors.some((e) => e.code === "bad_position")).map((x) => x.line)).toEqual([2, 3]);
  expect(await count(db, `SELECT count(*) AS n FROM terminals WHERE sn IN ('IMP0003', 'IMP0004', 'IMP0005')`)).toBe(0);
  expect(await count(db, `SELECT count(*) AS n FROM terminal_place`)).toBe(1);
  const valid = await importFleetCsv(db, scope, csv, { mode: "valid" }, T0);
  expect(valid.imported).toBe(1);
  expect((await placeSources(db, [await idOf("IMP0005")])).get(await idOf("IMP0005"))).toMatchObject({ lat: 30.27, lon: 120.15 });
});
