import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { colleagues } from "@/db/alerts-actions";
import { getDb } from "@/db/client";
import { listQueue, queueFilterOptions } from "@/db/queries/alerts-queue";
import { requireCaller } from "@/lib/auth/current";
import { can } from "@/lib/auth/permissions";
import { AutoRefresh } from "@/app/_components/auto-refresh";
import { QueueClient } from "./client";
import { parseQueueParams } from "./search-params";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("alerts"))("title") };
}

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { scope, user } = await requireCaller({ next: "/alerts" });
  const params = parseQueueParams(await searchParams);
  const db = getDb();
  const now = Date.now();
  const [page, options, people] = await Promise.all([
    listQueue(db, scope, params, now),
    queueFilterOptions(db, scope),
    colleagues(db, scope).then((list) => list.map((c) => ({ id: c.id, name: c.name }))),
  ]);
  return (
    <>
      <AutoRefresh seconds={60} />
      <QueueClient page={page} params={params} options={options} people={people} me={user.id} canAct={can(scope, "alerts:act")} now={now} />
    </>
  );
}
