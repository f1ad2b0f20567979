import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { listIncidents } from "@/db/queries/incidents";
import { INCIDENT_STATUSES, type IncidentStatus } from "@/lib/alerts/enums";
import { requireScope } from "@/lib/auth/current";
import { AutoRefresh } from "@/app/_components/auto-refresh";
import { IncidentsClient } from "./client";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("incidents"))("title") };
}

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const scope = await requireScope({ next: "/incidents" });
  const raw = (await searchParams).status;
  const status = (INCIDENT_STATUSES as readonly string[]).includes(String(raw)) ? (raw as IncidentStatus) : undefined;
  const rows = await listIncidents(getDb(), scope, { status });
  return (
    <>
      <AutoRefresh seconds={60} />
      <IncidentsClient rows={rows} status={status} />
    </>
  );
}
