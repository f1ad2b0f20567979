// The call queue's stored rank (alerts.queue_rank): every sweep writes each open or acknowledged
// alert's priority at the sweep's clock (db/queries/priority.ts), a slice of ids per statement,
// so the queue's first page walks alerts_queue_rank_idx instead of ranking every open alert of
// the scope on each view (alerts inside an open incident get HIDDEN_RANK, below every rank, so the
// walk does not pass them) (150 ms at 85,000 open alerts on SQLite, seconds at 1,000,000 terminals
// on PostgreSQL). Any change of an alert clears its rank (STATE_SET in db/alert-writes.ts); the
// queue ranks those few live until the next sweep. See docs/alerts.md, "The call queue".
import { shanghaiDay, TXN_VALUE_DAYS } from "./alerts-rollup";
import type { Db } from "./client";
import { TXN7D_SQL } from "./queries/alerts-queue";
import { prioritySql } from "./queries/priority";
import { DAY_MS } from "@/lib/domain/time";

/** Alert ids per ranking statement: each is a short write, and SQLite ingest gets the writer between them. */
export const RANK_CHUNK = 250;

const RANGE = `SELECT min(id) AS lo, max(id) AS hi FROM alerts WHERE status IN ('open', 'acknowledged')`;

/** What the queue hides instead of ranking: alerts inside an open incident (the incident is called about, not each alert). */
export const HIDDEN_RANK = -1;

function rankSql(db: Pick<Db, "dialect">): string {
  const rank = `CASE WHEN a.incident_id IS NOT NULL AND EXISTS (SELECT 1 FROM incidents i WHERE i.id = a.incident_id AND i.status = 'open') THEN ${HIDDEN_RANK}
    ELSE (SELECT ${prioritySql(db, TXN7D_SQL)} FROM terminals t JOIN merchants m ON m.id = t.merchant_id WHERE t.id = a.terminal_id) END`;
  // PostgreSQL: rows another instance's ingest holds are skipped (its change clears their rank anyway), so this never waits on ingest nor deadlocks with it.
  return db.dialect === "pg"
    ? `UPDATE alerts AS a SET queue_rank = ${rank}
        WHERE a.id IN (SELECT id FROM alerts WHERE status IN ('open', 'acknowledged') AND id BETWEEN @lo AND @hi FOR UPDATE SKIP LOCKED)`
    : `UPDATE alerts AS a SET queue_rank = ${rank} WHERE a.status IN ('open', 'acknowledged') AND a.id BETWEEN @lo AND @hi`;
}

/** Ranks every open and acknowledged alert at `now`, `chunk` ids per statement, yielding between statements. */
export async function rankQueue(db: Db, now: number, chunk = RANK_CHUNK): Promise<{ ranked: number; statements: number }> {
  const range = await db.get<{ lo: number | null; hi: number | null }>(RANGE);
  if (!range || range.lo === null || range.hi === null) return { ranked: 0, statements: 0 };
  const sql = rankSql(db);
  const since = shanghaiDay(now) - (TXN_VALUE_DAYS - 1) * DAY_MS;
  let ranked = 0;
  let statements = 0;
  for (let lo = Number(range.lo); lo <= Number(range.hi); lo += chunk) {
    ranked += (await db.run(sql, { lo, hi: lo + chunk - 1, now, since })).changes;
    statements++;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { ranked, statements };
}
