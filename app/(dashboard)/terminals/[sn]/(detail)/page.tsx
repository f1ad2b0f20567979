import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { getTerminalDetail, terminalHeartbeats, type TerminalDetail } from "@/db/queries/terminal-detail";
import { terminalBatteryWear } from "@/db/queries/battery";
import { toWearChart } from "@/lib/ui/charts/battery-wear";
import { requireScope } from "@/lib/auth/current";
import { AppError } from "@/lib/errors";
import { HOUR_MS } from "@/lib/domain/time";
import { toCodeTimeline, toReadingSeries } from "@/lib/ui/charts/shape";
import { TerminalAlertHistory } from "@/app/_components/alerts/terminal-alert-history";
import { DetailView } from "./detail-view";

export const dynamic = "force-dynamic";

const HISTORY_MS = 72 * HOUR_MS;

type Props = { params: Promise<{ sn: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { sn } = await params;
  // Next has decoded the segment already; decoding again throws on a serial that held "%25".
  return { title: (await getTranslations("detail"))("title", { sn }) };
}

export default async function TerminalPage({ params }: Props) {
  const scope = await requireScope();
  const sn = (await params).sn;
  const db = getDb();
  let detail: TerminalDetail;
  try {
    detail = await getTerminalDetail(db, scope, sn);
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  }
  const now = Date.now();
  const beats = await terminalHeartbeats(db, detail.terminal.id, { since: now - HISTORY_MS, limit: 1000 });
  const battery = await terminalBatteryWear(db, scope, detail.terminal.id, now);
  return (
    <>
      <DetailView detail={detail} readings={toReadingSeries(beats)} codes={toCodeTimeline(beats, HOUR_MS)} recent={beats.slice(0, 20)} battery={{ chart: toWearChart(battery.days, battery.wear), wear: battery.wear }} />
      <TerminalAlertHistory sn={sn} />
    </>
  );
}
