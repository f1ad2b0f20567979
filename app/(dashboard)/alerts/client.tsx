"use client";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useActionState, useEffect, useMemo, useRef, useState, useTransition, type FormEvent } from "react";
import type { QueueItem, QueuePage, QueueParams } from "@/db/queries/alerts-queue";
import { ALERT_SEVERITIES } from "@/lib/alerts/enums";
import { PROBLEM_CATEGORIES } from "@/lib/domain/enums";
import { DataTable } from "@/app/_components/data-table/data-table";
import { EmptyState } from "@/app/_components/ui";
import { acknowledgeAction, assignAction } from "./actions";
import { Done, FormError, Submit } from "@/app/_components/form";
import { IDLE } from "@/app/_lib/form-state";
import { useQueueColumns } from "./columns";

interface Props {
  page: QueuePage;
  params: QueueParams;
  options: { cities: string[]; agents: { id: number; name: string; depth: number }[] };
  people: { id: number; name: string }[];
  me: number;
  canAct: boolean;
  now: number;
}

/** The selection lives in the tab's session storage, so it survives turning pages and a refresh. */
const SELECTION_KEY = "pfh.queue.selected";

type Patch = Partial<Record<keyof QueueParams, string | number | undefined>>;

function query(params: QueueParams, patch: Patch): string {
  const next: Patch = { ...params, ...("page" in patch ? {} : { page: undefined }), ...patch };
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(next)) if (v !== undefined && v !== "" && !(k === "page" && Number(v) === 1)) qs.set(k, String(v));
  return qs.toString();
}

export function QueueClient({ page, params, options, people, me, canAct, now }: Props) {
  const t = useTranslations();
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [selected, setSelected] = useState<Set<number>>(new Set());
  // Read after hydration (the server cannot know it), written back on every change after that.
  const restored = useRef(false);
  useEffect(() => {
    try {
      const saved = JSON.parse(sessionStorage.getItem(SELECTION_KEY) ?? "[]") as unknown;
      if (Array.isArray(saved)) setSelected(new Set(saved.filter((v): v is number => Number.isInteger(v))));
    } catch {
      sessionStorage.removeItem(SELECTION_KEY);
    }
    restored.current = true;
  }, []);
  useEffect(() => {
    if (restored.current) sessionStorage.setItem(SELECTION_KEY, JSON.stringify([...selected]));
  }, [selected]);
  const [q, setQ] = useState(params.q ?? "");
  const [ackState, ack] = useActionState(acknowledgeAction, IDLE);
  const [assignState, assign] = useActionState(assignAction, IDLE);
  const selection = useMemo(
    () => ({ selected, canAct, toggle: (id: number) => setSelected((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; }) }),
    [selected, canAct],
  );
  const columns = useQueueColumns(selection, now);
  const go = (patch: Patch) => {
    const qs = query(params, patch);
    setSelected(new Set());
    startTransition(() => router.push(qs ? `${pathname}?${qs}` : pathname));
  };
  const select = (key: keyof QueueParams, label: string, values: { value: string; label: string }[]) => (
    <label className="field">
      <span>{label}</span>
      <select name={key} value={String(params[key] ?? "")} onChange={(e) => go({ [key]: e.target.value || undefined })} data-testid={`filter-${key}`}>
        <option value="">{t("alerts.filters.any")}</option>
        {values.map((v) => <option key={v.value} value={v.value}>{v.label}</option>)}
      </select>
    </label>
  );
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    go({ q: q.trim() || undefined });
  };
  const ids = [...selected];
  const onPage = page.items.filter((i) => selected.has(i.id)).length;
  // The newer answer of the two bulk forms.
  const result = ackState.status !== "idle" && (assignState.status === "idle" || ackState.at >= assignState.at) ? ackState : assignState;
  // A bulk action that went through empties the selection it acted on.
  const doneAt = result.status === "ok" ? result.at : 0;
  useEffect(() => {
    if (doneAt) setSelected(new Set());
  }, [doneAt]);
  const anyFilter = (["category", "severity", "status", "agent", "city", "assignee", "q"] as const).some((k) => params[k] !== undefined);

  return (
    <div className="stack">
      <div className="page-head">
        <h1>{t("alerts.title")}</h1>
        <p className="muted" data-testid="queue-total">{t(page.totalExact ? "alerts.count" : "alerts.countAtLeast", { count: page.total })}</p>
        <span style={{ marginLeft: "auto" }} className="badges">
          <Link className="btn" href="/incidents">{t("alerts.incidentsLink")}</Link>
          <Link className="btn" href="/alerts/silences">{t("alerts.silencesLink")}</Link>
        </span>
      </div>
      <p className="muted small">{t("alerts.lead")}</p>

      <section className="card filters" aria-label={t("alerts.filters.title")}>
        <form onSubmit={onSearch} className="search" role="search">
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t("alerts.filters.search")} aria-label={t("alerts.filters.search")} />
          <button type="submit" className="btn">{t("alerts.filters.apply")}</button>
        </form>
        <div className="filter-grid">
          {select("category", t("alerts.filters.category"), PROBLEM_CATEGORIES.map((c) => ({ value: c, label: t(`enums.category.${c}`) })))}
          {select("severity", t("alerts.filters.severity"), ALERT_SEVERITIES.map((s) => ({ value: s, label: t(`enums.severity.${s}`) })))}
          {select("status", t("alerts.filters.status"), (["open", "acknowledged"] as const).map((s) => ({ value: s, label: t(`alerts.status.${s}`) })))}
          {select("agent", t("alerts.filters.agent"), options.agents.map((a) => ({ value: String(a.id), label: `${"· ".repeat(Math.max(0, a.depth))}${a.name}` })))}
          {select("city", t("alerts.filters.city"), options.cities.map((c) => ({ value: c, label: c })))}
          {select("assignee", t("alerts.filters.assignee"), [{ value: "me", label: t("alerts.filters.me") }, { value: "none", label: t("alerts.filters.unassigned") }, ...people.filter((p) => p.id !== me).map((p) => ({ value: String(p.id), label: p.name }))])}
        </div>
        {anyFilter && <div className="chips"><Link href={pathname} className="chip clear">{t("alerts.filters.clear")}</Link></div>}
      </section>

      {canAct ? (
        <section className="card" aria-label={t("alerts.actions.bulkAck")}>
          <div className="badges" style={{ alignItems: "center" }}>
            <label className="field inline">
              <input type="checkbox" checked={page.items.length > 0 && onPage === page.items.length}
                onChange={(e) => setSelected((s) => { const n = new Set(s); for (const i of page.items as QueueItem[]) if (e.target.checked) n.add(i.id); else n.delete(i.id); return n; })} data-testid="select-all" />
              <span>{t("alerts.actions.selectAll")}</span>
            </label>
            <span className="muted small" data-testid="selected-count">{t("alerts.actions.selected", { count: ids.length })}</span>
            {ids.length > onPage && <span className="muted small" data-testid="selected-elsewhere">{t("alerts.item.elsewhere", { count: ids.length - onPage })}</span>}
            {ids.length > 0 && <button type="button" className="btn ghost" onClick={() => setSelected(new Set())} data-testid="clear-selection">{t("alerts.item.clearSelection")}</button>}
            <form action={ack}>
              {ids.map((id) => <input key={id} type="hidden" name="ids" value={id} />)}
              <Submit label={t("alerts.actions.bulkAck")} testId="bulk-ack" disabled={ids.length === 0} />
            </form>
            <form action={assign} className="badges">
              {ids.map((id) => <input key={id} type="hidden" name="ids" value={id} />)}
              <select name="assignee" aria-label={t("alerts.actions.assignTo")} defaultValue="me" data-testid="bulk-assignee">
                <option value="me">{t("alerts.actions.assignMe")}</option>
                {people.filter((p) => p.id !== me).map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
                <option value="none">{t("alerts.actions.unassign")}</option>
              </select>
              <Submit label={t("alerts.actions.bulkAssign")} testId="bulk-assign" disabled={ids.length === 0} />
            </form>
          </div>
          {result.status === "ok" && <Done state={result} testId="bulk-result">{t("alerts.actions.bulkDone", { changed: result.value.changed.length, skipped: result.value.skipped.length })}</Done>}
          <FormError state={result} />
        </section>
      ) : (
        <p className="muted small" data-testid="read-only">{t("alerts.actions.readOnly")}</p>
      )}

      <div className={pending ? "card busy" : "card"} aria-busy={pending}>
        <DataTable
          testId="queue-table"
          columns={columns}
          data={page.items}
          getRowId={(r) => String(r.id)}
          sorting={[]}
          onSortingChange={() => undefined}
          sortLabels={{ asc: "", desc: "" }}
          empty={<EmptyState title={t("alerts.empty.title")} body={t("alerts.empty.body")} />}
        />
        {page.pages > 1 && (
          <nav className="pager" aria-label="pagination">
            <span className="spacer" />
            {page.page > 1 ? <Link className="btn" href={`${pathname}?${query(params, { page: page.page - 1 })}`}>‹</Link> : <span className="btn disabled">‹</span>}
            <span className="muted small">{page.page} / {page.pages}</span>
            {page.page < page.pages ? <Link className="btn" href={`${pathname}?${query(params, { page: page.page + 1 })}`}>›</Link> : <span className="btn disabled">›</span>}
          </nav>
        )}
      </div>
    </div>
  );
}
