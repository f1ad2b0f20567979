import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { queueFilterOptions } from "@/db/queries/alerts-queue";
import { listSilences } from "@/db/queries/alerts-silences";
import { requireCaller } from "@/lib/auth/current";
import { can } from "@/lib/auth/permissions";
import { Badge, Card, EmptyState } from "@/app/_components/ui";
import { EndSilenceButton, SilenceForm } from "./forms";
import { Table } from "@/app/_components/table";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("alerts"))("silences.title") };
}

export default async function SilencesPage() {
  const { scope } = await requireCaller({ next: "/alerts/silences" });
  const db = getDb();
  const now = Date.now();
  const [rows, options] = await Promise.all([listSilences(db, scope, now), queueFilterOptions(db, scope)]);
  const t = await getTranslations("alerts");
  const te = await getTranslations("enums");
  const format = await getFormatter();
  const when = (ms: number) => format.dateTime(new Date(ms), "short");
  const actor = can(scope, "alerts:act");
  return (
    <div className="stack">
      <p><Link href="/alerts">← {t("detail.back")}</Link></p>
      <h1>{t("silences.title")}</h1>
      <p className="muted small">{t("silences.lead")}</p>
      {actor && (
        <Card title={t("silences.new")}>
          <SilenceForm agents={options.agents} cities={options.cities} />
        </Card>
      )}
      <Card>
        {rows.length === 0 ? (
          <EmptyState title={t("silences.title")} body={t("silences.empty")} />
        ) : (
          <Table
            label={t("silences.title")}
            testId="silences"
            rows={rows.map((s) => ({ ...s, state: stateAt(s, now) }))}
            rowKey={(s) => s.id}
            columns={[
              { key: "scope", header: t("silences.scope"), cell: (s) => `${s.agentName}${s.city ? ` · ${s.city}` : ""} · ${s.category ? te(`category.${s.category}`) : t("silences.anyCategory")}` },
              { key: "window", header: t("silences.window"), cell: (s) => `${when(s.startsAt)} – ${when(s.endsAt)}` },
              { key: "reason", header: t("silences.reason"), wrap: true, cell: (s) => <>{s.reason}{s.createdByName ? <span className="muted small"> · {t("silences.by", { name: s.createdByName })}</span> : null}</> },
              {
                key: "state",
                header: t("silences.state"),
                cell: (s) => (
                  <>
                    <Badge color={s.state === "active" ? "#d97706" : s.state === "upcoming" ? "#2563eb" : "#94a3b8"}>{t(`silences.${s.state}`)}</Badge>
                    {s.state === "active" && <span className="small muted"> {t("silences.muting", { count: s.muting })}</span>}
                  </>
                ),
              },
              { key: "actions", header: t("silences.end"), hideHeader: true, cell: (s) => (actor && s.state !== "ended" ? <EndSilenceButton id={s.id} /> : null) },
            ]}
          />
        )}
      </Card>
    </div>
  );
}

function stateAt(s: { startsAt: number; endsAt: number }, now: number) {
  return s.endsAt <= now ? "ended" : s.startsAt > now ? "upcoming" : "active";
}
