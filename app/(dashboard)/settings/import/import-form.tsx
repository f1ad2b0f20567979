"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FieldError, FormError, Submit } from "@/app/_components/form";
import { IDLE } from "@/app/_lib/form-state";
import styles from "../settings.module.css";
import { importAction } from "./actions";
import { Table } from "@/app/_components/table";

export function ImportForm() {
  const t = useTranslations("settings.import");
  const [state, action] = useActionState(importAction, IDLE);
  const report = state.status === "ok" ? state.value : null;
  return (
    <form action={action} className="stack">
      <FormError state={state} />
      <div className={styles.form}>
        <label>
          {t("file")}
          <input type="file" name="file" accept=".csv,text/csv" required />
          <FieldError state={state} name="file" />
        </label>
        <fieldset className={styles.actions} style={{ border: 0, padding: 0 }}>
          <legend className="muted">{t("mode")}</legend>
          {(["check", "all", "valid"] as const).map((m) => (
            <label key={m} className="field inline">
              <input type="radio" name="mode" value={m} defaultChecked={m === "check"} />
              {t(`modes.${m}`)}
            </label>
          ))}
        </fieldset>
        <div className={styles.actions}>
          <Submit label={t("submit")} pending={t("working")} />
        </div>
      </div>
      {report && (
        <div role="status" data-testid="import-report" className="stack">
          <p className={report.invalid > 0 && report.imported === 0 ? styles.error : styles.ok}>
            {t("summary", { total: report.total, valid: report.valid, invalid: report.invalid, imported: report.imported, merchants: report.merchantsCreated })}
            {report.mode === "all" && report.invalid > 0 ? ` ${t("nothingWritten")}` : ""}
          </p>
          {report.rows.length > 0 && (
            <Table
              label={t("problems")}
              compact
              rows={report.rows}
              rowKey={(r) => r.line}
              columns={[
                { key: "line", header: t("line"), num: true, cell: (r) => r.line },
                { key: "serial", header: t("serial"), className: "mono", keep: true, cell: (r) => r.serial },
                { key: "problems", header: t("problems"), wrap: true, cell: (r) => r.errors.map((e) => `${t(`fields.${e.field}`)}: ${t(`codes.${e.code}`)}`).join("; ") },
              ]}
            />
          )}
        </div>
      )}
    </form>
  );
}
