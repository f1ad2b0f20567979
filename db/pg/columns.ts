// Column helpers shared by the PostgreSQL schema files, so the same SQL text runs on both
// backends: epoch-ms instants are bigint read as JS numbers, flags stay integer 0/1 (the
// application binds 1/0 and compares `= 1`), JSON stays text.
import { bigint, integer } from "drizzle-orm/pg-core";

/** Epoch milliseconds (a JS number; bigint so dates after 2038 and ms precision both fit). */
export const epochMs = (name: string) => bigint(name, { mode: "number" });

/** A 0/1 flag, exactly as SQLite stores `integer(..., { mode: "boolean" })`. */
export const flag = (name: string) => integer(name);

/** `integer PRIMARY KEY AUTOINCREMENT` on SQLite: an identity that still accepts explicit ids. */
export const serialId = (name = "id") => integer(name).primaryKey().generatedByDefaultAsIdentity();
