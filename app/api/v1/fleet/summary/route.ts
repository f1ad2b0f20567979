import type { z } from "zod";
import { getDb } from "@/db/client";
import { breakdownByAgent, breakdownByCity, fleetSummary, topCodes } from "@/db/queries/overview";
import { json, route } from "@/lib/http/route";
import type { fleetSummarySchema } from "../../schemas";

export const dynamic = "force-dynamic";

/** GET /api/v1/fleet/summary: the overview's numbers for the caller's scope. */
export const GET = route(({ scope }) => {
  const db = getDb();
  const body: z.infer<typeof fleetSummarySchema> = {
    ...fleetSummary(db, scope),
    topCodes: topCodes(db, scope, { now: Date.now() }),
    byAgent: breakdownByAgent(db, scope),
    byCity: breakdownByCity(db, scope),
  };
  return json(body);
});
