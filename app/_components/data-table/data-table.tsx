"use client";
import { rowSortingFeature, tableFeatures, useTable, type ColumnDef, type RowData, type SortingState, type Updater } from "@tanstack/react-table";
import type { ReactNode } from "react";

/** The features every DataTable registers: sorting state only; the server sorts and pages. */
export const dataTableFeatures = tableFeatures({ rowSortingFeature });
export type DataTableFeatures = typeof dataTableFeatures;
export type DataTableColumn<T extends RowData> = ColumnDef<DataTableFeatures, T, any>;

interface Props<T extends RowData> {
  columns: DataTableColumn<T>[];
  data: T[];
  getRowId: (row: T) => string;
  sorting: SortingState;
  onSortingChange: (next: SortingState) => void;
  empty: ReactNode;
  sortLabels: { asc: string; desc: string };
  testId?: string;
  /** Names the scrolling frame, which takes keyboard focus so a phone-width table can be scrolled without a mouse. */
  label?: string;
}

/**
 * One generic table for every entity: TanStack Table renders headers and cells from a columns
 * file; sorting is controlled (manualSorting) so the page turns it into a server query.
 */
export function DataTable<T extends RowData>({ columns, data, getRowId, sorting, onSortingChange, empty, sortLabels, testId, label }: Props<T>) {
  const table = useTable({
    features: dataTableFeatures,
    columns,
    data,
    getRowId,
    manualSorting: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    state: { sorting },
    onSortingChange: (u: Updater<SortingState>) => onSortingChange(typeof u === "function" ? u(sorting) : u),
  });
  const rows = table.getRowModel().rows;
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      <table className="table data-table" data-testid={testId}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const canSort = header.column.getCanSort();
                const meta = header.column.columnDef.meta as { align?: "right" } | undefined;
                return (
                  <th
                    key={header.id}
                    className={meta?.align === "right" ? "num" : undefined}
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                    data-column={header.column.id}
                  >
                    {header.isPlaceholder ? null : canSort ? (
                      <button type="button" className="sort" onClick={header.column.getToggleSortingHandler()} title={sorted ? (sorted === "asc" ? sortLabels.asc : sortLabels.desc) : undefined}>
                        <table.FlexRender header={header} />
                        <span className="sort-mark" aria-hidden>{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}</span>
                      </button>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length}>{empty}</td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={row.id} data-row-id={row.id}>
                {row.getAllCells().map((cell) => {
                  const meta = cell.column.columnDef.meta as { align?: "right"; label?: string } | undefined;
                  return (
                    <td key={cell.id} className={meta?.align === "right" ? "num" : undefined} data-column={cell.column.id} data-label={meta?.label}>
                      <table.FlexRender cell={cell} />
                    </td>
                  );
                })}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
