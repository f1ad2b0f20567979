import { defineConfig } from "drizzle-kit";

// The PostgreSQL twin of drizzle.config.ts: `npx drizzle-kit generate --config drizzle.pg.config.ts`.
// Generating needs no database; DATABASE_URL is only read by commands that connect.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/pg/schema*.ts",
  out: "./db/migrations/pg",
  strict: true,
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://localhost:5432/fleet" },
});
