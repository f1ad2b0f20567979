// `npm run backup -- PATH [--force]`: an online, consistent copy of the database while the server
// runs, through SQLite's backup API (pages are copied in steps; writes in between are picked up).
// SQLite only: a PostgreSQL store is backed up with pg_dump and restored with pg_restore.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { databasePath, databaseTarget, describeTarget, inspectSqliteCopy, isPostgresUrl, openSqlite } from "@/db/client";

const usage = "usage: npm run backup -- PATH [--force]   (copies DATABASE_PATH, default data/fleet.db)";

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { force: { type: "boolean" }, help: { type: "boolean" } } });
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) return console.log(usage), 0;
  if (isPostgresUrl(databaseTarget())) {
    console.error(
      `DATABASE_URL points at PostgreSQL (${describeTarget()}); this command copies a SQLite file only.\n` +
        `Back up PostgreSQL with pg_dump:  pg_dump --format=custom --file=fleet.dump "$DATABASE_URL"\n` +
        `and restore with pg_restore:      pg_restore --clean --if-exists --dbname="$DATABASE_URL" fleet.dump`,
    );
    return 2;
  }
  const dest = positionals[0];
  if (!dest || positionals.length > 1) return console.error(usage), 2;
  const source = databasePath();
  if (!fs.existsSync(source)) return console.error(`no database at ${source}; set DATABASE_PATH to the file to back up`), 1;
  if (path.resolve(dest) === path.resolve(source)) return console.error("the backup path is the database itself; choose another file"), 2;
  if (fs.existsSync(dest) && !values.force) return console.error(`${dest} exists; pass --force to overwrite it`), 1;

  const db = openSqlite(source, { migrate: false }).raw;
  try {
    fs.mkdirSync(path.dirname(path.resolve(dest)), { recursive: true });
    const tmp = `${dest}.partial`;
    fs.rmSync(tmp, { force: true });
    await db.backup(tmp);
    const { integrity: check, heartbeats: beats } = inspectSqliteCopy(tmp);
    if (check !== "ok") {
      fs.rmSync(tmp, { force: true });
      console.error(`the copy failed its integrity check (${String(check)}); nothing was written to ${dest}`);
      return 1;
    }
    fs.renameSync(tmp, dest);
    console.log(`backed up ${source} to ${dest}: ${(fs.statSync(dest).size / 2 ** 20).toFixed(1)} MiB, ${beats} heartbeats, integrity ok`);
    return 0;
  } finally {
    db.close();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(`backup failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
