import type { z } from "zod";
import { getDb } from "@/db/client";
import { terminalListSchema } from "@/db/queries/terminal-filters";
import { listTerminals } from "@/db/queries/terminals";
import { json, parseQuery, route } from "@/lib/http/route";
import type { terminalPageSchema } from "../schemas";

export const dynamic = "force-dynamic";

/** GET /api/v1/terminals: the terminal table as JSON, same filters, cursor pagination. */
export const GET = route(async ({ url, scope }) => {
  const params = parseQuery(terminalListSchema, url);
  const page = await listTerminals(getDb(), scope, params);
  const body: z.infer<typeof terminalPageSchema> = {
    data: page.rows.map(({ id: _id, ...row }) => row),
    total: page.total,
    totalExact: page.totalExact,
    nextCursor: page.nextCursor,
    prevCursor: page.prevCursor,
    search: page.search,
  };
  return json(body);
});
