// Terminal search (the `q` filter of the terminals table, its API and CSV): a serial that starts
// with q, or a merchant name that contains q, each read through an index instead of checking every
// terminal of the scope. Serial prefixes: terminals_sn_prefix_idx (NOCASE on SQLite, upper(sn) on
// PostgreSQL). Merchant names: the trigram index (FTS5 `merchants_name_fts` on SQLite, pg_trgm's
// merchants_name_trgm_idx on PostgreSQL), which needs three characters. Two-character words are
// the usual way to search Chinese names (茶饮, 超市), so a query of one or two characters still
// matches inside the name: it reads the merchants table (no index can find a two-character
// substring), which costs the number of merchants, never a pass over the terminals.
import type { Db } from "@/db/client";
import { subtreePattern, type Scope } from "@/lib/domain/scope";

/** Characters a trigram index needs to find a substring. */
export const TRIGRAM_MIN = 3;

/** How the merchant name is matched: it contains q, at any length. */
export type NameMatch = "contains";

/** True when q is too short for the trigram index, so the merchant names are read one by one. */
export function shortQuery(q: string): boolean {
  return [...q].length < TRIGRAM_MIN;
}

/**
 * At most this many matching terminals are read as an id list that drives the page (the sort
 * then orders the matches only). A search matching more (a short prefix shared by much of the
 * fleet) walks the sort's index instead and checks each row, which fills a page quickly when
 * matches are that common.
 */
export const SEARCH_ID_CAP = 2000;


export interface ResolvedSearch {
  q: string;
  name: NameMatch;
  /** The matching terminal ids of the scope, or null when more than the cap match. */
  ids: number[] | null;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The search's own parameters (@f_qsn, @f_qname, @f_qfts), shared by the id query and the per-row predicate. */
export function searchParams(q: string): Record<string, string> {
  return {
    f_qsn: `${escapeLike(q)}%`,
    f_qname: `%${escapeLike(q)}%`,
    // An FTS5 phrase: the text in double quotes (a quote doubled), matched as a substring by the trigram tokenizer.
    f_qfts: `"${q.replace(/"/g, '""')}"`,
  };
}

/**
 * The ids of the scope's terminals that match, as one SQL text: two index reads one after the
 * other (UNION ALL, so a limit stops early; a terminal matching both appears twice). It uses
 * @scope and the searchParams.
 */
export function searchIdsSql(db: Pick<Db, "dialect">, q: string): string {
  if (db.dialect === "pg") {
    const nameCond = "m.name ILIKE @f_qname ESCAPE '\\'";
    return `SELECT t.id FROM terminals t JOIN agents a ON a.id = t.agent_id WHERE upper(t.sn) LIKE upper(@f_qsn) ESCAPE '\\' AND a.path LIKE @scope
      UNION ALL SELECT t.id FROM merchants m JOIN terminals t ON t.merchant_id = m.id JOIN agents a ON a.id = t.agent_id WHERE ${nameCond} AND a.path LIKE @scope`;
  }
  const byName = !shortQuery(q)
      ? "SELECT t.id FROM merchants_name_fts f JOIN terminals t ON t.merchant_id = f.rowid JOIN agents a ON a.id = t.agent_id WHERE merchants_name_fts MATCH @f_qfts AND a.path LIKE @scope"
      : // The names are read once; each match finds its terminals through their merchant index.
        "SELECT t.id FROM terminals t JOIN agents a ON a.id = t.agent_id WHERE t.merchant_id IN (SELECT id FROM merchants WHERE name LIKE @f_qname ESCAPE '\\') AND a.path LIKE @scope";
  return `SELECT t.id FROM terminals t JOIN agents a ON a.id = t.agent_id WHERE t.sn LIKE @f_qsn ESCAPE '\\' AND a.path LIKE @scope
      UNION ALL ${byName}`;
}

/**
 * The same match checked on one row of the terminal read (aliases t and m), for a search that
 * matches more than the cap: the page walks its sort's index and tests each row.
 */
export function searchRowSql(db: Pick<Db, "dialect">): string {
  if (db.dialect === "pg") {
    return `(upper(t.sn) LIKE upper(@f_qsn) ESCAPE '\\' OR m.name ILIKE @f_qname ESCAPE '\\')`;
  }
  return "(t.sn LIKE @f_qsn ESCAPE '\\' OR m.name LIKE @f_qname ESCAPE '\\')";
}

/**
 * The id query with a limit (@cap). PostgreSQL plans a subquery under a LIMIT for a fast start,
 * and a fast start of "name contains" is a sequential scan that hopes to meet matches early; a
 * MATERIALIZED CTE is planned for all its rows (the index reads) and still stops at the limit.
 * SQLite would compute a materialized CTE whole, so there it stays a subquery (which streams).
 */
export function searchIdsLimitedSql(db: Pick<Db, "dialect">, q: string): string {
  return db.dialect === "pg"
    ? `WITH matched AS MATERIALIZED (${searchIdsSql(db, q)}) SELECT id FROM matched LIMIT @cap`
    : `SELECT id FROM (${searchIdsSql(db, q)}) matched LIMIT @cap`;
}

/** Reads the matching ids through the indexes, up to `cap`; null when more match. */
export async function resolveSearch(db: Db, scope: Scope, q: string, cap = SEARCH_ID_CAP): Promise<ResolvedSearch> {
  const rows = await db.all<{ id: number }>(searchIdsLimitedSql(db, q), {
    ...searchParams(q),
    scope: subtreePattern(scope),
    cap: cap + 1,
  });
  // The limit reached means more may match (duplicates included): walk the sort's index instead.
  return { q, name: "contains", ids: rows.length > cap ? null : [...new Set(rows.map((r) => Number(r.id)))] };
}
