"use server";
import { invalid } from "@/lib/auth/errors";
import { importFleetCsv, IMPORT_MODES, type ImportMode } from "@/lib/onboarding/import";
import { runAction } from "@/app/_lib/action";
import type { FormState } from "@/app/_lib/form-state";

/** Server actions accept 1 MB bodies; 5,000 rows of this CSV fit well inside. */
const MAX_FILE_BYTES = 900 * 1024;
const SHOWN_ROWS = 300;

export async function importAction(_prev: FormState, form: FormData) {
  return runAction({ next: "/settings/import" }, async ({ caller, db, now, ip }) => {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) throw invalid("choose a CSV file", { field: "file", reason: "bad_csv" });
    if (file.size > MAX_FILE_BYTES) throw invalid("the file is too large; split it", { field: "file", reason: "bad_csv" });
    const mode = String(form.get("mode"));
    const r = await importFleetCsv(db, caller.scope, new Uint8Array(await file.arrayBuffer()), { mode: (IMPORT_MODES as readonly string[]).includes(mode) ? (mode as ImportMode) : "check" }, now, ip);
    return { ...r, rows: r.rows.filter((row) => row.errors.length > 0).slice(0, SHOWN_ROWS) };
  });
}
