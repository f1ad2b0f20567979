// `npm run db:copy -- --to postgres://... [--from data/fleet.db] [--force] [--batch 5000]`: moves a
// network from SQLite to PostgreSQL. The target is migrated first (the product's PostgreSQL
// migrations); every table is copied in foreign-key order, ids kept, in batches that skip rows
// already there, then the id sequences are moved past the copied ids and the row counts of both
// sides are compared. The SQL is in db/copy.ts.
import fs from "node:fs";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { databasePath, describeTarget, isPostgresUrl, openDatabase, openSqlite, type PgDb, type SqliteDb } from "@/db/client";
import { beginSnapshot, countRows, countRowsAfter, endSnapshot, insertBatch, planCopy, preparePartitions, probePostgres, readBatches, resetSequences, resumeAfter } from "@/db/copy";

const HELP = `Usage: npm run db:copy -- --to postgres://USER:PASSWORD@HOST:PORT/DB [--from FILE] [--force] [--batch N]

Copies every table of a SQLite store into a PostgreSQL database, which is migrated first.
Stop the server (or any writer) before the copy, or copy while it runs and copy again with
--force after stopping it: the second run adds only the rows written meanwhile.

  --to URL     the PostgreSQL database (default: DATABASE_URL)
  --from FILE  the SQLite file (default: DATABASE_PATH or data/fleet.db); migrated first if older
  --force      copy into a target that already holds rows: adds missing rows and brings changed
               ones up to the source's values; never deletes
  --batch N    rows read and written per transaction (default 5000)

Exit codes: 0 copied and every count matches; 1 the copy failed or a count differs;
2 bad arguments or no readable source; 3 the target holds rows and --force was not given;
4 the target cannot be reached; 130 interrupted (run again with --force to finish).
`;

class Exit extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

/** The URL's password, raw and decoded, replaced by *** wherever it appears. */
function masker(url: string): (text: string) => string {
  let secrets: string[] = [];
  try {
    const u = new URL(url);
    const fromQuery = u.searchParams.get("password");
    secrets = [u.password, decodeURIComponent(u.password), fromQuery ?? ""].filter((s) => s.length > 0);
  } catch {
    // Not a parseable URL: describeTarget's pattern still applies.
  }
  return (text) => secrets.reduce((t, s) => t.split(s).join("***"), describeTarget(text));
}

const fmt = (n: number) => n.toLocaleString("en");

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ")).join("\n");
}

/** Masks the target's password in anything printed; set as soon as the target is known. */
let mask: (text: string) => string = describeTarget;

async function main(): Promise<number> {
  let v;
  try {
    v = parseArgs({
      options: {
        to: { type: "string" }, from: { type: "string" }, force: { type: "boolean" }, batch: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (err) {
    throw new Exit(2, `${(err as Error).message}\n\n${HELP}`);
  }
  if (v.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const to = v.to ?? process.env.DATABASE_URL ?? "";
  mask = masker(to);
  if (!isPostgresUrl(to)) throw new Exit(2, `--to must be a postgres:// URL${to ? `, got "${mask(to)}"` : ""}\n\n${HELP}`);
  const from = v.from ?? databasePath();
  const batch = v.batch === undefined ? 5000 : Number(v.batch);
  if (!Number.isInteger(batch) || batch < 1) throw new Exit(2, `--batch must be a whole number ≥ 1, got "${v.batch}"`);
  if (!fs.existsSync(from) || !fs.statSync(from).isFile()) {
    throw new Exit(2, `no SQLite database at ${from}; pass --from FILE (the file the server used: DATABASE_PATH, default data/fleet.db)`);
  }

  // The target first: a wrong URL should fail before the source is touched (opening it migrates).
  let version: string;
  try {
    version = (await probePostgres(to)).version;
  } catch (err) {
    const e = err as { message?: string; code?: string };
    const hint = e.code === "3D000" ? " (create it first: createdb, or npm run db:pg for a local one)" : "";
    throw new Exit(4, `cannot connect to PostgreSQL at ${mask(to)}: ${mask(e.message || String(err))}${hint}`);
  }

  let src: SqliteDb;
  try {
    src = openSqlite(from, { migrate: true });
  } catch (err) {
    throw new Exit(2, `cannot read ${from} as a SQLite store of this product: ${(err as Error).message}`);
  }
  let dst: PgDb | undefined;
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error("\nstopping after the current batch (Ctrl-C again to stop now)…");
  };
  process.on("SIGINT", onSigint);
  try {
    console.error(`migrating ${mask(to)} (PostgreSQL ${version})…`);
    dst = (await openDatabase(to)) as PgDb;
    const plan = await planCopy(src, dst);
    const names = plan.tables.map((t) => t.name);

    await beginSnapshot(src);
    const source = await countRows(src, names);
    const before = await countRows(dst, names);
    const occupied = names.filter((n) => before.get(n)! > 0);
    if (occupied.length > 0 && !v.force) {
      throw new Exit(
        3,
        `the target already holds rows (${occupied.map((n) => `${n}: ${fmt(before.get(n)!)}`).join(", ")}).\n` +
          `Pass --force to fill in what is missing (nothing is deleted), or copy into an empty database.`,
      );
    }

    const parts = await preparePartitions(src, dst);
    if (parts.length > 0) console.error(`created ${parts.length} heartbeat day partitions (${parts[0]} … ${parts.at(-1)})`);

    const total = [...source.values()].reduce((a, b) => a + b, 0);
    console.error(`copying ${fmt(total)} rows of ${names.length} tables from ${from} in batches of ${fmt(batch)}…`);
    const tty = process.stderr.isTTY === true;
    const width = Math.max(...names.map((n) => n.length));
    const rates = new Map<string, number>();
    const inserted = new Map<string, number>();
    let readTotal = 0;
    const started = performance.now();
    for (const t of plan.tables) {
      const after = t.selfRef ? null : await resumeAfter(dst, t);
      const rowsTotal = after === null ? source.get(t.name)! : await countRowsAfter(src, t.name, after);
      if (after !== null) console.error(`${t.name}: the target holds ids up to ${after}; reading the ${fmt(rowsTotal)} rows after it`);
      const bar = new cliProgress.SingleBar(
        {
          format: `${t.name.padEnd(width)} [{bar}] {percentage}% {value}/{total} rows · {rate} rows/s · {duration_formatted}`,
          barCompleteChar: "█",
          barIncompleteChar: "░",
          barsize: 24,
          hideCursor: true,
          formatValue: (v, _o, type) => (type === "value" || type === "total" ? fmt(v) : String(v)),
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(rowsTotal, 0, { rate: "0" });
      const t0 = performance.now();
      let read = 0;
      let written = 0;
      try {
        for await (const rows of readBatches(src, t, batch, after ?? undefined)) {
          written += await insertBatch(dst, t, rows);
          read += rows.length;
          const s = (performance.now() - t0) / 1000;
          bar.update(read, { rate: fmt(Math.round(read / Math.max(s, 0.001))) });
          if (interrupted) break;
        }
      } finally {
        bar.stop();
      }
      const s = (performance.now() - t0) / 1000;
      readTotal += read;
      rates.set(t.name, read / Math.max(s, 0.001));
      inserted.set(t.name, written);
      if (!tty) console.error(`${t.name}: ${fmt(read)} rows read, ${fmt(written)} written in ${s.toFixed(1)} s (${fmt(Math.round(read / Math.max(s, 0.001)))} rows/s)`);
      if (interrupted) throw new Exit(130, `interrupted in ${t.name}; what was copied is committed. Run the same command with --force to finish.`);
    }
    const seqs = await resetSequences(dst, names);
    const seconds = (performance.now() - started) / 1000;
    await endSnapshot(src);

    const after = await countRows(dst, names);
    const rows: string[][] = [["table", "source", "target", "written", "rows/s", ""]];
    const mismatched: string[] = [];
    for (const n of names) {
      const ok = source.get(n) === after.get(n);
      if (!ok) mismatched.push(n);
      rows.push([n, fmt(source.get(n)!), fmt(after.get(n)!), fmt(inserted.get(n)!), fmt(Math.round(rates.get(n)!)), ok ? "ok" : "DIFFERS"]);
    }
    const added = [...inserted.values()].reduce((a, b) => a + b, 0);
    rows.push(["total", fmt(total), fmt([...after.values()].reduce((a, b) => a + b, 0)), fmt(added), fmt(Math.round(readTotal / Math.max(seconds, 0.001))), ""]);
    console.log(table(rows));
    console.log(`\n${fmt(readTotal)} rows read, ${fmt(added)} written (inserted or updated) in ${seconds.toFixed(1)} s; ${seqs.length} id sequences moved past the copied ids.`);
    if (mismatched.length > 0) {
      console.error(
        `row counts differ in ${mismatched.join(", ")}. The target holds rows the source no longer has: rows the server deleted ` +
          `since an earlier copy (expired sessions, findings of terminals that recovered, heartbeats past retention), or rows ` +
          `written on PostgreSQL itself. Nothing was deleted. For an exact copy, stop the server and copy into an empty database.`,
      );
      return 1;
    }
    console.log(`the copy matches. Start the product on it with DATABASE_URL=${mask(to)}`);
    return 0;
  } finally {
    process.off("SIGINT", onSigint);
    await endSnapshot(src).catch(() => undefined);
    await src.close();
    await dst?.close();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    if (err instanceof Exit) {
      console.error(err.message);
      process.exitCode = err.code;
      return;
    }
    console.error(`db:copy failed: ${mask(err instanceof Error ? err.message : String(err))}`);
    process.exitCode = 1;
  },
);
