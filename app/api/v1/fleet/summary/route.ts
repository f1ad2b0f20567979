import type { z } from "zod";
import { getDb } from "@/db/client";
import { breakdownByAgent, breakdownByCity, fleetSummary } from "@/db/queries/overview";
import { topCodes } from "@/lib/fleet/top-codes";
import { json, route } from "@/lib/http/route";
import type { fleetSummarySchema } from "../../schemas";

export const dynamic = "force-dynamic";

/** GET /api/v1/fleet/summary: the overview's numbers for the caller's scope. */
export const GET = route(async ({ scope }) => {
  const db = getDb();
  const [summary, codes, byAgent, byCity] = await Promise.all([
    fleetSummary(db, scope),
    topCodes(db, scope, { now: Date.now() }),
    breakdownByAgent(db, scope),
    breakdownByCity(db, scope),
  ]);
  const body: z.infer<typeof fleetSummarySchema> = { ...summary, topCodes: codes, byAgent, byCity };
  return json(body);
});
