"use client";
import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import type { Policy } from "@/lib/rules/policy";
import { FieldError, FormError, Submit } from "@/app/_components/form";
import { IDLE } from "@/app/_lib/form-state";
import styles from "../settings.module.css";
import { policyAction } from "./actions";
import { LIST_FIELDS, NUMBER_FIELDS } from "./form-data";
import { Table } from "@/app/_components/table";

export function PolicyForm({ policy, editable }: { policy: Policy; editable: boolean }) {
  const t = useTranslations("settings.policy");
  const cat = useTranslations("enums.category");
  const [state, action] = useActionState(policyAction, IDLE);
  const result = state.status === "ok" ? state.value : null;
  // Controlled inputs: React resets uncontrolled fields after an action, which would throw away
  // the candidate between a dry run and saving it.
  const [values, setValues] = useState<Record<string, string>>(() => ({
    ...Object.fromEntries(NUMBER_FIELDS.map((k) => [k, String(policy[k])])),
    minFirmware: policy.minFirmware,
    ...Object.fromEntries(LIST_FIELDS.map((k) => [k, policy[k].join(", ")])),
  }));
  const bind = (k: string) => ({ name: k, value: values[k] ?? "", onChange: (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [k]: e.target.value })) });
  return (
    <form action={action} className="stack">
      <FormError state={state} />
      <fieldset disabled={!editable} className={styles.grid} style={{ border: 0, padding: 0, margin: 0 }}>
        {NUMBER_FIELDS.map((k) => (
          <label key={k}>
            {t(`fields.${k}`)}
            <input type="number" step="any" {...bind(k)} aria-describedby={`${k}-error`} />
            <FieldError state={state} name={k} />
          </label>
        ))}
        <label>
          {t("fields.minFirmware")}
          <input {...bind("minFirmware")} />
          <FieldError state={state} name="minFirmware" />
        </label>
        {LIST_FIELDS.map((k) => (
          <label key={k}>
            {t(`fields.${k}`)}
            <input {...bind(k)} />
            <FieldError state={state} name={k} />
            {state.status === "error" && Object.keys(state.fields).filter((f) => f.startsWith(`${k}.`)).slice(0, 1).map((f) => <FieldError key={f} state={state} name={f} />)}
          </label>
        ))}
      </fieldset>
      {editable && (
        <div className={styles.actions}>
          <Submit name="intent" value="dry-run" label={t("dryRun")} pending={t("working")} />
          <Submit name="intent" value="save" label={t("save")} pending={t("working")} className="btn" />
        </div>
      )}
      {result?.kind === "saved" && <p className={styles.ok} role="status">{t("saved", { changed: result.changed })}</p>}
      {result?.kind === "dry-run" && (
        <div role="status" data-testid="dry-run">
          <p>{t("dryRunResult", { changed: result.changed, total: result.total })}</p>
          {result.items.length > 0 && (
            <Table
              label={t("dryRun")}
              compact
              rows={result.items}
              rowKey={(i) => i.sn}
              columns={[
                { key: "serial", header: t("serial"), className: "mono", keep: true, cell: (i) => i.sn },
                { key: "from", header: t("from"), cell: (i) => cat(i.from) },
                { key: "to", header: t("to"), cell: (i) => cat(i.to) },
              ]}
            />
          )}
        </div>
      )}
    </form>
  );
}
