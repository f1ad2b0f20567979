"use client";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import type { SortingState } from "@tanstack/react-table";
import { BATTERY_FILTER_KEYS, COMPLIANCE, SIGNAL_BUCKET_KEYS } from "@/db/queries/buckets";
import { FILTER_KEYS, PAGE_DEFAULT_SORT, PAGE_SIZES, type SortKey, type TerminalListParams } from "@/db/queries/terminal-filters";
import type { FilterOptions, TerminalPage } from "@/db/queries/terminals";
import { CATEGORIES, SEVERITIES, STATUSES } from "@/lib/domain/enums";
import { DataTable } from "@/app/_components/data-table/data-table";
import { EmptyState } from "@/app/_components/ui";
import { useTerminalColumns } from "./columns";

interface Props {
  page: TerminalPage;
  params: TerminalListParams;
  options: FilterOptions;
}

type Patch = Partial<Record<keyof TerminalListParams, string | number | undefined>>;

/**
 * The query string of the current view with `patch` applied; any change but paging restarts at page one.
 * The page's default sort (problems first, ascending) is left out, so the bare URL opens on it.
 */
function buildQuery(params: TerminalListParams, patch: Patch): string {
  const paging = "after" in patch || "before" in patch;
  const next: Patch = { ...params, ...(paging ? {} : { after: undefined, before: undefined }), ...patch };
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(next)) {
    if (v === undefined || v === "") continue;
    if ((k === "sort" && v === PAGE_DEFAULT_SORT && next.dir !== "desc") || (k === "dir" && v === "asc") || (k === "size" && Number(v) === 50)) continue;
    qs.set(k, String(v));
  }
  return qs.toString();
}

export function TerminalsClient({ page, params, options }: Props) {
  const t = useTranslations();
  const format = useFormatter();
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const columns = useTerminalColumns(page.search);
  const [q, setQ] = useState(params.q ?? "");
  const [lastQ, setLastQ] = useState(params.q);
  if (params.q !== lastQ) {
    // The URL changed underneath us (back button, cleared filters): follow it.
    setLastQ(params.q);
    setQ(params.q ?? "");
  }

  const go = (patch: Patch) => {
    const qs = buildQuery(params, patch);
    startTransition(() => router.push(qs ? `${pathname}?${qs}` : pathname));
  };
  const href = (patch: Patch) => {
    const qs = buildQuery(params, patch);
    return qs ? `${pathname}?${qs}` : pathname;
  };
  // "problems" is no column of its own: no header shows a sort arrow for it.
  const sorting: SortingState = params.sort === "problems" ? [] : [{ id: params.sort, desc: params.dir === "desc" }];
  const onSortingChange = (next: SortingState) => {
    const s = next[0];
    if (s) go({ sort: s.id as SortKey, dir: s.desc ? "desc" : "asc" });
  };
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    go({ q: q.trim() || undefined });
  };

  const select = (key: keyof TerminalListParams, label: string, values: readonly { value: string; label: string }[]) => (
    <label className="field">
      <span>{label}</span>
      <select name={key} value={String(params[key] ?? "")} onChange={(e) => go({ [key]: e.target.value || undefined })}>
        <option value="">{t("terminals.filters.any")}</option>
        {values.map((v) => <option key={v.value} value={v.value}>{v.label}</option>)}
      </select>
    </label>
  );
  const enumOptions = (values: readonly string[], ns: string) => values.map((v) => ({ value: v, label: t(`${ns}.${v}`) }));
  const plain = (values: readonly string[]) => values.map((v) => ({ value: v, label: v }));
  const chips = (["code", "problem", "subtree"] as const).filter((k) => params[k] !== undefined);
  const anyFilter = FILTER_KEYS.some((k) => params[k] !== undefined);
  // The CSV route has the API's default order, so the export names the table's sort explicitly.
  const exportQs = new URLSearchParams(buildQuery(params, { after: undefined, before: undefined, size: undefined }));
  exportQs.set("sort", params.sort);
  const exportQuery = exportQs.toString();
  const problemsFirst = params.sort === PAGE_DEFAULT_SORT && params.dir === "asc";
  const allTerminals = params.sort === "sn" && params.dir === "asc";

  return (
    <div className="stack">
      <div className="page-head">
        <h1>{t("terminals.title")}</h1>
        <p className="muted" data-testid="total">{t(page.totalExact ? "terminals.count" : "terminals.countAtLeast", { count: format.number(page.total) })}</p>
        <a className="btn" href={`/terminals.csv${exportQuery ? `?${exportQuery}` : ""}`} download data-testid="export" title={t(page.totalExact ? "terminals.exportHint" : "terminals.exportHintAtLeast", { count: page.total })}>
          ⤓ {t("terminals.export")}
        </a>
      </div>

      <nav className="chips" aria-label={t("terminals.views.label")} data-testid="views">
        <Link href={href({ sort: PAGE_DEFAULT_SORT, dir: "asc" })} className={problemsFirst ? "chip active" : "chip"} aria-current={problemsFirst ? "page" : undefined} data-testid="view-problems">
          {t("terminals.views.problems")}
        </Link>
        <Link href={href({ sort: "sn", dir: "asc" })} className={allTerminals ? "chip active" : "chip"} aria-current={allTerminals ? "page" : undefined} data-testid="view-all">
          {t("terminals.views.all")}
        </Link>
      </nav>

      <section className="card filters" aria-label={t("terminals.filters.title")}>
        <form onSubmit={onSearch} className="search" role="search">
          <input type="search" name="q" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t("terminals.filters.search")} aria-label={t("terminals.filters.search")} />
          <button type="submit" className="btn">{t("terminals.filters.apply")}</button>
        </form>
        {page.search && (
          <p className="hint" data-testid="search-match">
            {t("terminals.search.contains", { q: page.search.q })}
          </p>
        )}
        <div className="filter-grid">
          {select("status", t("terminals.filters.status"), enumOptions(STATUSES, "enums.status"))}
          {select("category", t("terminals.filters.category"), enumOptions(CATEGORIES, "enums.category"))}
          {select("severity", t("terminals.filters.severity"), enumOptions(SEVERITIES, "enums.severity"))}
          {select("agent", t("terminals.filters.agent"), options.agents.map((a) => ({ value: String(a.id), label: `${"· ".repeat(a.depth)}${a.name}` })))}
          {select("city", t("terminals.filters.city"), plain(options.cities))}
          {select("model", t("terminals.filters.model"), plain(options.models))}
          {select("firmware", t("terminals.filters.firmware"), plain(options.firmware))}
          {select("compliance", t("terminals.filters.compliance"), enumOptions(COMPLIANCE, "enums.compliance"))}
          {select("battery", t("terminals.filters.battery"), enumOptions(BATTERY_FILTER_KEYS, "enums.battery"))}
          {select("signal", t("terminals.filters.signal"), enumOptions(SIGNAL_BUCKET_KEYS, "enums.signal"))}
        </div>
        {(chips.length > 0 || anyFilter) && (
          <div className="chips">
            {chips.map((k) => (
              <button key={k} type="button" className="chip" onClick={() => go({ [k]: undefined })}>
                {k === "code" ? `${t("terminals.filters.code")}: ${params.code}` : k === "problem" ? t("overview.problems") : t("terminals.filters.onlyOwn")} ✕
              </button>
            ))}
            {anyFilter && <Link href={pathname} className="chip clear" data-testid="clear-filters">{t("terminals.filters.clear")}</Link>}
          </div>
        )}
      </section>

      <div className={pending ? "card busy" : "card"} aria-busy={pending}>
        <DataTable
          testId="terminals-table"
          columns={columns}
          data={page.rows}
          getRowId={(r) => r.sn}
          sorting={sorting}
          onSortingChange={onSortingChange}
          sortLabels={{ asc: t("terminals.sortAsc"), desc: t("terminals.sortDesc") }}
          empty={<EmptyState title={t("terminals.emptyTitle")} body={t("terminals.emptyBody")} />}
        />
        <nav className="pager" aria-label={t("terminals.pagination")}>
          <label className="field inline">
            <span>{t("terminals.pageSize")}</span>
            <select value={params.size} onChange={(e) => go({ size: Number(e.target.value) })}>
              {PAGE_SIZES.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </label>
          <span className="spacer" />
          {page.prevCursor ? <Link href={href({ after: undefined, before: undefined })} className="btn ghost">{t("terminals.first")}</Link> : null}
          {page.prevCursor ? <Link href={href({ before: page.prevCursor, after: undefined })} className="btn" rel="prev" data-testid="prev">‹ {t("terminals.prev")}</Link> : <span className="btn disabled">‹ {t("terminals.prev")}</span>}
          {page.nextCursor ? <Link href={href({ after: page.nextCursor, before: undefined })} className="btn" rel="next" data-testid="next">{t("terminals.next")} ›</Link> : <span className="btn disabled">{t("terminals.next")} ›</span>}
        </nav>
      </div>
    </div>
  );
}
