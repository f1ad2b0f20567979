// GET /api/v1/alerts/{id}: one alert with its diagnosis and timeline; 404 when unknown or out of scope.
import { getDb } from "@/db/client";
import { getAlertDetail } from "@/db/queries/alerts-detail";
import { notFound } from "@/lib/errors";
import { json, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>(async ({ scope, params }) => {
  const id = Number(params.id);
  const a = Number.isSafeInteger(id) && id > 0 ? await getAlertDetail(getDb(), scope, id, Date.now()) : undefined;
  if (!a) throw notFound(`no alert with id ${params.id} in your part of the network`);
  return json({ ...a, timeline: a.timeline.map((e) => ({ ...e, at: new Date(e.at).toISOString() })) });
});
