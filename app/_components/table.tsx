// The one server-rendered table of app/: a columns definition per entity, rows, and the markup that
// makes it fit its card at desktop widths and scroll inside the card (never the page) on a phone.
// No hooks, so server and client components both render it; the interactive terminal and alert
// lists use the client DataTable instead.
import type { ReactNode } from "react";
import styles from "./table.module.css";

export interface Column<R> {
  /** Stable key of the column. */
  key: string;
  /** The header text; with `hideHeader`, read by screen readers only (action columns). */
  header: ReactNode;
  hideHeader?: boolean;
  cell: (row: R) => ReactNode;
  /** Numbers: right-aligned, on one line. */
  num?: boolean;
  /** Short values that must stay on one line (codes, times, serials). */
  keep?: boolean;
  /** Free text that wraps rather than widening the table. */
  wrap?: boolean;
  /** One line cut with an ellipsis; the returned full text shows on hover. */
  clip?: (row: R) => string;
  /** Extra class of the column's cells (e.g. "mono"). */
  className?: string;
}

export interface TableProps<R> {
  /** Accessible name of the table and of its scroll region. */
  label: string;
  columns: readonly Column<R>[];
  rows: readonly R[];
  rowKey: (row: R) => string | number;
  testId?: string;
  compact?: boolean;
  /** data-* attributes of a row (tests and styles find rows by them). */
  rowData?: (row: R) => Record<string, string>;
}

function cellClass<R>(c: Column<R>): string | undefined {
  const names = [c.num && "num", (c.num || c.keep) && styles.keep, c.wrap && styles.wrap, c.className].filter(Boolean);
  return names.length ? names.join(" ") : undefined;
}

export function Table<R>({ label, columns, rows, rowKey, testId, compact, rowData }: TableProps<R>) {
  return (
    <div className={styles.scroll} role="region" aria-label={label} tabIndex={0}>
      <table className={`table ${styles.table}${compact ? " compact" : ""}`} aria-label={label} data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.num ? "num" : undefined}>
                {c.hideHeader ? <span className={styles.srOnly}>{c.header}</span> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={rowKey(r)} {...rowData?.(r)}>
              {columns.map((c) => (
                <td key={c.key} className={cellClass(c)}>
                  {c.clip ? (
                    <span className={styles.clip} title={c.clip(r)}>
                      {c.cell(r)}
                    </span>
                  ) : (
                    c.cell(r)
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
