// "Batteries to replace this month" for the overview and the firmware page: one count, read from
// the stored wear estimates (db/queries/battery.ts), linking to the list.
import { getFormatter, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { batteriesToReplaceCount } from "@/db/queries/battery";
import { REPLACE_WINDOW_DAYS } from "@/lib/domain/battery";
import type { Scope } from "@/lib/domain/scope";
import { Card, Stat } from "@/app/_components/ui";

export async function BatteryReplaceCard({ scope, now, testId }: { scope: Scope; now: number; testId: string }) {
  const count = await batteriesToReplaceCount(getDb(), scope, now, REPLACE_WINDOW_DAYS);
  const t = await getTranslations("battery");
  const format = await getFormatter();
  return (
    <Card title={t("title")}>
      <div className="stats">
        <Stat label={t("toReplace")} value={format.number(count)} href="/batteries" color="#b45309" testId={testId} sub={t("toReplaceHint", { days: REPLACE_WINDOW_DAYS })} />
      </div>
    </Card>
  );
}
