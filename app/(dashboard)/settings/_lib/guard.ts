import "server-only";
import { notFound } from "next/navigation";
import { requireCaller } from "@/lib/auth/current";
import { can, type Action } from "@/lib/auth/permissions";
import type { Caller } from "@/lib/auth/principal";

/** The caller of a settings page; a page their role cannot use answers 404, as if it were not there. */
export async function settingsCaller(path: string, action?: Action): Promise<Caller> {
  const caller = await requireCaller({ next: path });
  if (action && !can(caller.scope, action)) notFound();
  return caller;
}
