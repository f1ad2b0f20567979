// SQL fragments that differ between SQLite and PostgreSQL, so modules keep one statement text
// and splice in the dialect's spelling. Each helper returns SQL text, never user input.
import type { Db } from "./sql";

/** Comma-joined values of `expr` in a group (SQLite group_concat, PostgreSQL string_agg). */
export function groupConcat(db: Db, expr: string): string {
  return db.dialect === "pg" ? `string_agg(CAST(${expr} AS text), ',')` : `group_concat(${expr})`;
}

/** Integer division that truncates on both backends (bucket arithmetic on epoch ms). */
export function intDiv(db: Db, a: string, b: string): string {
  // better-sqlite3 binds JS numbers as REAL, so SQLite needs the cast to truncate.
  return db.dialect === "pg" ? `div(${a}, ${b})` : `CAST((${a}) / (${b}) AS INTEGER)`;
}

/**
 * The LIKE operator that ignores ASCII case, as SQLite's LIKE does: ILIKE on PostgreSQL (whose
 * LIKE is case-sensitive; the trigram indexes on serials and merchant names serve ILIKE too).
 */
export function likeNoCase(db: Pick<Db, "dialect">): string {
  return db.dialect === "pg" ? "ILIKE" : "LIKE";
}

/** `col` is one of the ids bound as @ids (idList): json_each over a JSON array on SQLite, an int[] on PostgreSQL. */
export function idIn(db: Pick<Db, "dialect">, col: string): string {
  return db.dialect === "pg" ? `${col} = ANY(CAST(@ids AS int[]))` : `${col} IN (SELECT value FROM json_each(@ids))`;
}

/** The value to bind as @ids for idIn. */
export function idList(db: Pick<Db, "dialect">, ids: readonly number[]): number[] | string {
  return db.dialect === "pg" ? [...ids] : JSON.stringify(ids);
}
