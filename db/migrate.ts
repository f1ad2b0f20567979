// `npm run db:migrate`: applies the committed migrations to the store: DATABASE_URL when it is a
// postgres:// URL, else the SQLite file at DATABASE_PATH (default data/fleet.db).
import { databaseTarget, describeTarget, openDatabase } from "./client";

async function main(): Promise<void> {
  const target = databaseTarget();
  const db = await openDatabase(target);
  await db.close();
  console.log(`migrated ${describeTarget(target)}`);
}

main().catch((err: unknown) => {
  console.error(`migration of ${describeTarget()} failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
