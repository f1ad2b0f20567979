// A chain of awaited SQLite statements outside transactions lets the event loop turn every few
// milliseconds (SqliteDb.mustYield), so a timer or a request waiting behind the chain is not held
// for its whole length. SQLite only: better-sqlite3 is what runs in the event loop.
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { openSqlite } from "@/db/client";
import { tempDir } from "../helpers/tmp";

const db = openSqlite(path.join(tempDir("pfh-yield"), "y.db"));
afterAll(() => db.close());

// About a millisecond or more of synchronous work per statement.
const WORK = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) SELECT count(*) AS c FROM n";

async function longestGap(chain: () => Promise<void>): Promise<{ gap: number; chainMs: number }> {
  let last = performance.now();
  let gap = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const t = performance.now();
  await chain();
  const chainMs = performance.now() - t;
  running = false;
  gap = Math.max(gap, performance.now() - last); // the stretch since the loop last turned, if it never did

  return { gap, chainMs };
}

it("turns the event loop during a long chain of statements outside a transaction", async () => {
  const { gap, chainMs } = await longestGap(async () => {
    for (let i = 0; i < 60; i++) await db.get(WORK);
  });
  // The chain is long enough to matter, and no stretch of it held the loop for more than a few statements.
  expect(chainMs).toBeGreaterThan(60);
  expect(gap).toBeLessThan(chainMs / 3);
});

it("keeps a transaction's statements together: nothing else runs on the connection inside it", async () => {
  await db.exec("CREATE TABLE IF NOT EXISTS y (x integer)");
  const order: string[] = [];
  const tx = db.transaction(async (t) => {
    for (let i = 0; i < 20; i++) await t.get(WORK);
    await t.run("INSERT INTO y (x) VALUES (1)");
    order.push("tx");
  });
  const outside = db.get<{ n: number }>("SELECT count(*) AS n FROM y").then((r) => order.push(`read ${r!.n}`));
  await Promise.all([tx, outside]);
  expect(order).toEqual(["tx", "read 1"]);
});
