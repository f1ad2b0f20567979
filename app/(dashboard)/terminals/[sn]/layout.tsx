import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getDb } from "@/db/client";
import { getTerminalDetail } from "@/db/queries/terminal-detail";
import { requireScope } from "@/lib/auth/current";
import { AppError } from "@/lib/errors";

/**
 * Checks that the terminal exists in the caller's scope before anything streams: thrown here,
 * outside the page's loading boundary, notFound() still sets the 404 status.
 */
export default async function TerminalLayout({ children, params }: { children: ReactNode; params: Promise<{ sn: string }> }) {
  const scope = await requireScope();
  try {
    // Next has decoded the path segment already; decoding again would turn "%25" into a bad "%".
    await getTerminalDetail(getDb(), scope, (await params).sn);
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  }
  return children;
}
