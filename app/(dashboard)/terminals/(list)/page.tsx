import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { listTerminals, terminalFilterOptions } from "@/db/queries/terminals";
import { requireScope } from "@/lib/auth/current";
import { TerminalsClient } from "./client";
import { parseTableParams } from "./search-params";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("terminals"))("title") };
}

export default async function TerminalsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const scope = await requireScope();
  const params = parseTableParams(await searchParams);
  const db = getDb();
  const [page, options] = await Promise.all([listTerminals(db, scope, params), terminalFilterOptions(db, scope)]);
  const minDepth = Math.min(...options.agents.map((a) => a.depth));
  return <TerminalsClient page={page} params={params} options={{ ...options, agents: options.agents.map((a) => ({ ...a, depth: a.depth - minDepth })) }} />;
}
