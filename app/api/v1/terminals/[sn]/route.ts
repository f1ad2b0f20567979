import type { z } from "zod";
import { getDb } from "@/db/client";
import { getTerminalDetail, terminalHeartbeats } from "@/db/queries/terminal-detail";
import { json, route } from "@/lib/http/route";
import type { terminalDetailSchema } from "../../schemas";

export const dynamic = "force-dynamic";

const RECENT_BEATS = 20;

/** GET /api/v1/terminals/{sn}: one terminal with its diagnosis; 404 when unknown or out of scope. */
export const GET = route<{ sn: string }>(async ({ scope, params }) => {
  const db = getDb();
  // Next has decoded the path segment already; decoding again would turn "%25" into a bad "%".
  const detail = await getTerminalDetail(db, scope, params.sn);
  const { id: _id, ...terminal } = detail.terminal;
  const body: z.infer<typeof terminalDetailSchema> = {
    ...detail,
    terminal,
    recentHeartbeats: await terminalHeartbeats(db, detail.terminal.id, { since: 0, limit: RECENT_BEATS }),
  };
  return json(body);
});
