import type { z } from "zod";
import { getDb } from "@/db/client";
import { getTerminalDetail, terminalHeartbeats } from "@/db/queries/terminal-detail";
import { json, route } from "@/lib/http/route";
import type { terminalDetailSchema } from "../../schemas";

export const dynamic = "force-dynamic";

const RECENT_BEATS = 20;

/** GET /api/v1/terminals/{sn}: one terminal with its diagnosis; 404 when unknown or out of scope. */
export const GET = route<{ sn: string }>(({ scope, params }) => {
  const db = getDb();
  const detail = getTerminalDetail(db, scope, decodeURIComponent(params.sn));
  const { id: _id, ...terminal } = detail.terminal;
  const body: z.infer<typeof terminalDetailSchema> = {
    ...detail,
    terminal,
    recentHeartbeats: terminalHeartbeats(db, detail.terminal.id, { since: 0, limit: RECENT_BEATS }),
  };
  return json(body);
});
