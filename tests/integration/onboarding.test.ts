import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listTransfers } from "@/db/queries/auth-onboarding";
import { AppError } from "@/lib/errors";
import { importFleetCsv } from "@/lib/onboarding/import";
import { splitSerials, transferTerminals } from "@/lib/onboarding/transfer";
import { count, freshDb, makeTerminal, T0 } from "../helpers/db";
import { authNetwork } from "./helpers/auth-network";

const db = await freshDb();
let net: Awaited<ReturnType<typeof authNetwork>>;
const now = T0 + 60_000;

async function err(fn: () => Promise<unknown>): Promise<AppError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected an AppError");
}

beforeAll(async () => {
  net = await authNetwork(db);
});
afterAll(async () => {
  await db.close();
});

const header = "serial,model,merchant,contact,phone,province,city,agent code";
const terminals = () => count(db, `SELECT count(*) n FROM terminals`);

describe("CSV import", () => {
  it("imports a clean file, reusing one merchant for its terminals", async () => {
    const csv = `\ufeff${header}\nIMP0001,P8,西湖茶馆,王五,0571-8888,浙江,杭州,HZ\nIMP0002,P8,西湖茶馆,王五,0571-8888,浙江,杭州,HZ\nIMP0003,N5,\"宁波, 海鲜\",,,浙江,宁波,EAST\n`;
    const r = await importFleetCsv(db, net.scopes.east, csv, { mode: "all" }, now);
    expect(r).toMatchObject({ total: 3, valid: 3, invalid: 0, imported: 3, merchantsCreated: 2 });
    expect(await count(db, `SELECT count(*) n FROM merchants WHERE name = '宁波, 海鲜'`)).toBe(1);
    expect(await count(db, `SELECT count(*) n FROM audit_log WHERE action = 'fleet.imported'`)).toBe(1);
  });

  it("reads Chinese headers in any order", async () => {
    const csv = `代理商编码,序列号,商户名称,省份,城市,型号\nSOUTH,IMP0100,深圳便利店,广东,深圳,P8\n`;
    expect(await importFleetCsv(db, net.scopes.admin, csv, { mode: "all" }, now)).toMatchObject({ imported: 1 });
  });

  it("reports every bad row with its line and writes nothing in mode all", async () => {
    const before = await terminals();
    const csv = [
      header,
      "IMP0200,P8,店A,,,浙江,杭州,HZ",
      ",P8,店B,,,浙江,杭州,HZ",
      "IMP0001,P8,店C,,,浙江,杭州,HZ",
      "IMP0200,P8,店D,,,浙江,杭州,HZ",
      "IMP 0300,P8,店E,,abc,浙江,杭州,HZ",
      "IMP0301,P8,店F,,,浙江,深圳,SOUTH",
      `IMP0302,P8,${"长".repeat(101)},,,浙江,杭州,NOPE`,
    ].join("\n");
    const r = await importFleetCsv(db, net.scopes.east, csv, { mode: "all" }, now);
    expect(r).toMatchObject({ total: 7, valid: 1, invalid: 6, imported: 0 });
    const codes = r.rows.map((row) => [row.line, row.errors.map((e) => e.code).sort().join("+")]);
    expect(codes).toEqual([
      [2, ""],
      [3, "required"],
      [4, "already_registered"],
      [5, "duplicate_in_file"],
      [6, "bad_phone+bad_serial"],
      [7, "unknown_agent"],
      [8, "too_long+unknown_agent"],
    ]);
    expect(await terminals()).toBe(before);
  });

  it("imports only the valid rows when asked, and a check writes nothing", async () => {
    const csv = `${header}\nIMP0400,P8,店G,,,浙江,杭州,HZ\nIMP0401,P8,店H,,,浙江,杭州,SOUTH\n`;
    const before = await terminals();
    expect(await importFleetCsv(db, net.scopes.east, csv, { mode: "check" }, now)).toMatchObject({ valid: 1, invalid: 1, imported: 0 });
    expect(await terminals()).toBe(before);
    expect(await importFleetCsv(db, net.scopes.east, csv, { mode: "valid" }, now)).toMatchObject({ imported: 1 });
    expect(await terminals()).toBe(before + 1);
    expect(await count(db, `SELECT count(*) n FROM terminals WHERE sn = 'IMP0401'`)).toBe(0);
  });

  it("treats SQL metacharacters in cells as plain text", async () => {
    const csv = `${header}\nIMP0500,P8,"Robert'); DROP TABLE terminals;--",,,浙江,杭州,HZ\n`;
    expect((await importFleetCsv(db, net.scopes.east, csv, { mode: "all" }, now)).imported).toBe(1);
    expect(await count(db, `SELECT count(*) n FROM merchants WHERE name = 'Robert''); DROP TABLE terminals;--'`)).toBe(1);
  });

  it("refuses a file that is not a usable table, and viewers", async () => {
    expect((await err(() => importFleetCsv(db, net.scopes.east, "", { mode: "all" }, now))).message).toMatch(/empty/);
    expect((await err(() => importFleetCsv(db, net.scopes.east, "a,b\n1,2", { mode: "all" }, now))).message).toMatch(/missing column/);
    expect((await err(() => importFleetCsv(db, net.scopes.east, `${header}\n"unclosed,1`, { mode: "all" }, now))).message).toMatch(/not valid CSV/);
    expect((await err(() => importFleetCsv(db, net.scopes.hz, `${header}\n`, { mode: "all" }, now))).code).toBe("forbidden");
  });
});

describe("transfers (划拨)", () => {
  it("moves terminals within the caller's subtree and records them", async () => {
    const a = await makeTerminal(db, net.agents.east.id);
    const b = await makeTerminal(db, net.agents.east.id);
    const r = await transferTerminals(db, net.scopes.east, { serials: [a.sn, b.sn, a.sn], toAgent: "HZ", note: "补货" }, now);
    expect(r).toEqual({ moved: [a.sn, b.sn], unchanged: [] });
    expect(await count(db, `SELECT count(*) n FROM terminals WHERE agent_id = ? AND sn IN (?, ?)`, net.agents.hz.id, a.sn, b.sn)).toBe(2);
    expect((await listTransfers(db, net.scopes.east)).slice(0, 2).map((t) => [t.fromCode, t.toCode, t.note])).toEqual([["EAST", "HZ", "补货"], ["EAST", "HZ", "补货"]]);
    expect(await transferTerminals(db, net.scopes.east, { serials: [a.sn], toAgent: "HZ" }, now)).toEqual({ moved: [], unchanged: [a.sn] });
  });

  it("answers 404 for a terminal of another tenant and moves nothing", async () => {
    const mine = await makeTerminal(db, net.agents.east.id);
    const theirs = await makeTerminal(db, net.agents.south.id);
    const e = await err(() => transferTerminals(db, net.scopes.east, { serials: [mine.sn, theirs.sn], toAgent: "HZ" }, now));
    expect(e.code).toBe("not_found");
    expect(e.message).toContain(theirs.sn);
    expect(await count(db, `SELECT count(*) n FROM terminals WHERE sn = ? AND agent_id = ?`, mine.sn, net.agents.east.id)).toBe(1);
    expect(await listTransfers(db, net.scopes.southAdmin)).toHaveLength(0);
  });

  it("refuses a target agent outside the scope, empty lists and viewers", async () => {
    const mine = await makeTerminal(db, net.agents.east.id);
    expect((await err(() => transferTerminals(db, net.scopes.east, { serials: [mine.sn], toAgent: "SOUTH" }, now))).code).toBe("validation");
    expect((await err(() => transferTerminals(db, net.scopes.east, { serials: [], toAgent: "HZ" }, now))).code).toBe("validation");
    expect((await err(() => transferTerminals(db, net.scopes.hz, { serials: [mine.sn], toAgent: "HZ" }, now))).code).toBe("forbidden");
  });

  it("splits pasted serial lists", () => {
    expect(splitSerials("A1, B2\nC3，A1；D4")).toEqual(["A1", "B2", "C3", "D4"]);
  });
});
