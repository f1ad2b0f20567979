// The policy page's "what the calls say" card: each rule's labelled statistics beside its
// threshold, and the threshold changes the replayed alerts argue for, each applied with one click.
import { getFormatter, getTranslations } from "next-intl/server";
import { RowAction } from "@/app/_components/form";
import { Table } from "@/app/_components/table";
import { Card, EmptyState } from "@/app/_components/ui";
import type { LearningReport, LearningRow } from "@/lib/policy/learning";
import { TUNABLE_FIELDS, type WindowStats } from "@/lib/rules/learning";
import { HOUR_MS } from "@/lib/domain/time";
import { applySuggestionAction } from "./learning-actions";

export async function LearningCard({ report, editable }: { report: LearningReport; editable: boolean }) {
  const t = await getTranslations("settings.learning");
  const p = await getTranslations("settings.policy");
  const f = await getFormatter();
  const pct = (x: number) => f.number(x, { style: "percent", maximumFractionDigits: 0 });
  const precision = (w: WindowStats) => (w.precision === null ? "—" : t("precisionOf", { pct: pct(w.precision), n: w.confirmed + w.falseAlarms }));
  return (
    <Card title={t("title")}>
      <p className="muted">{t("intro")}</p>
      {report.suggestions.length > 0 ? (
        <ul className="stack" data-testid="policy-suggestions">
          {report.suggestions.map((s) => (
            <li key={s.field}>
              <p>
                {t("suggestion", {
                  field: p(`fields.${s.field}`),
                  from: s.from,
                  to: s.to,
                  now: pct(s.falseAlarmShareNow),
                  then: pct(s.falseAlarmShareThen),
                  examples: s.examples,
                  avoided: s.avoided,
                  missed: s.missed,
                })}
              </p>
              {editable && (
                <RowAction
                  action={applySuggestionAction}
                  id={TUNABLE_FIELDS.indexOf(s.field)}
                  fields={{ field: s.field }}
                  label={t("apply", { field: p(`fields.${s.field}`), to: s.to })}
                  confirm={t("confirmApply", { field: p(`fields.${s.field}`), to: s.to })}
                  danger={false}
                />
              )}
            </li>
          ))}
        </ul>
      ) : (
        report.rows.length > 0 && <p>{t("noSuggestions")}</p>
      )}
      {report.rows.length === 0 ? (
        <EmptyState title={t("empty")} body={t("emptyBody")} />
      ) : (
        <Table
          label={t("title")}
          testId="rule-learning"
          compact
          rows={report.rows}
          rowKey={(r: LearningRow) => `${r.ruleId}|${r.code ?? ""}`}
          columns={[
            { key: "rule", header: t("rule"), className: "mono", keep: true, cell: (r: LearningRow) => (r.code ? `↳ ${r.code}` : r.ruleId) },
            {
              key: "threshold",
              header: t("threshold"),
              wrap: true,
              cell: (r: LearningRow) => (r.code ? "" : r.fields.map((x) => `${p(`fields.${x.field}`)}: ${x.value}`).join("; ")),
            },
            { key: "raised", header: t("raised"), num: true, cell: (r: LearningRow) => r.windows[1]!.raised },
            { key: "confirmed", header: t("confirmed"), num: true, cell: (r: LearningRow) => r.windows[1]!.confirmed },
            { key: "falseAlarms", header: t("falseAlarms"), num: true, cell: (r: LearningRow) => r.windows[1]!.falseAlarms },
            { key: "unknown", header: t("unknown"), num: true, cell: (r: LearningRow) => r.windows[1]!.unknown },
            { key: "p30", header: t("precision30"), num: true, cell: (r: LearningRow) => precision(r.windows[0]!) },
            { key: "p90", header: t("precision90"), num: true, cell: (r: LearningRow) => precision(r.windows[1]!) },
            { key: "fix", header: t("medianFix"), num: true, cell: (r: LearningRow) => (r.medianFixMs === null ? "—" : t("hours", { n: f.number(r.medianFixMs / HOUR_MS, { maximumFractionDigits: 1 }) })) },
            { key: "rank", header: t("rank"), cell: (r: LearningRow) => (r.code ? "" : r.enough ? t("rankUsed") : t("rankNeutral")) },
          ]}
        />
      )}
    </Card>
  );
}
