// Several servers on one database: the count-and-insert of sign-in attempts is serialised in the
// database itself (advisory locks on PostgreSQL, the single writer on SQLite), so attempts made at
// the same moment through different connections cannot all pass the limit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, reserveInDatabase } from "@/lib/auth/rate-limit";
import { count, freshDb, T0 } from "../helpers/db";
import { authNetwork } from "./helpers/auth-network";

let first: Db & { file: string };
let second: Db;
let third: Db;

beforeAll(async () => {
  first = await freshDb();
  await authNetwork(first);
  // Two more "instances": their own pools on PostgreSQL. SQLite has one writer connection per
  // file by design (a second would block the first in busy-waits), so there every "instance"
  // shares it and the writer is what serialises.
  second = first.dialect === "pg" ? await openDatabase(first.file, { migrate: false }) : first;
  third = first.dialect === "pg" ? await openDatabase(first.file, { migrate: false }) : first;
});
afterAll(async () => {
  if (second !== first) await second?.close();
  if (third !== first) await third?.close();
  await first?.close();
});

async function outcome(p: Promise<number>): Promise<"reserved" | "limited"> {
  try {
    await p;
    return "reserved";
  } catch (err) {
    if (err instanceof AppError && err.code === "rate_limited") return "limited";
    throw err;
  }
}

describe("reserveInDatabase across instances", () => {
  it(`60 simultaneous attempts on one account through three connections: exactly ${MAX_FAILURES_PER_ACCOUNT} are reserved`, async () => {
    const dbs = [first, second, third];
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => outcome(reserveInDatabase(dbs[i % 3]!, "target@x.test", `198.18.0.${i}`, T0))));
    expect(results.filter((r) => r === "reserved")).toHaveLength(MAX_FAILURES_PER_ACCOUNT);
    expect(await count(first, `SELECT count(*) AS n FROM sign_in_failures WHERE account = 'target@x.test'`)).toBe(MAX_FAILURES_PER_ACCOUNT);
  });

  it(`60 simultaneous attempts from one address on many accounts: exactly ${MAX_FAILURES_PER_ADDRESS} are reserved`, async () => {
    const dbs = [first, second, third];
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => outcome(reserveInDatabase(dbs[i % 3]!, `spray${i}@x.test`, "203.0.113.9", T0))));
    expect(results.filter((r) => r === "reserved")).toHaveLength(MAX_FAILURES_PER_ADDRESS);
    expect(await count(first, `SELECT count(*) AS n FROM sign_in_failures WHERE address = '203.0.113.9'`)).toBe(MAX_FAILURES_PER_ADDRESS);
  });
});
