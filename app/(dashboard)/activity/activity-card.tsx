// The overview's activity counts: quiet, dormant, never-traded and awaiting a first sale, each a
// link to the activity list filtered to it. Reads the sales rollups only.
import { getFormatter, getTranslations } from "next-intl/server";
import { activityCounts } from "@/db/activity";
import { getDb } from "@/db/client";
import { getPolicy } from "@/db/policy";
import type { Scope } from "@/lib/domain/scope";
import { Card, Stat } from "@/app/_components/ui";

const COLOR = { quiet: "#d97706", dormant: "#dc2626", never_traded: "#7c3aed", new: "#0891b2" } as const;

export async function ActivityCard({ scope, now }: { scope: Scope; now: number }) {
  const db = getDb();
  const counts = await activityCounts(db, scope, await getPolicy(db), now);
  const t = await getTranslations("activity");
  const format = await getFormatter();
  return (
    <Card title={t("title")} className="activity-card">
      <div className="stats" data-testid="overview-activity">
        {(["dormant", "never_traded", "quiet", "new"] as const).map((s) => (
          <Stat key={s} label={t(`counts.${s}`)} value={format.number(counts[s])} href={s === "new" ? "/activity" : `/activity?state=${s}`} color={COLOR[s]} testId={`overview-activity-${s}`} />
        ))}
      </div>
    </Card>
  );
}
