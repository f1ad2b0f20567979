// `npm run db:migrate`: applies the committed migrations to DATABASE_PATH (default data/fleet.db).
import { databasePath, openDatabase } from "./client";

try {
  const file = databasePath();
  const db = openDatabase(file);
  db.$client.close();
  console.log(`migrated ${file}`);
} catch (err) {
  console.error(`migration failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
