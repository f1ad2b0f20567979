import "server-only";
import { getDb } from "@/db/client";
import { systemScope, type Scope } from "./scope";

/**
 * The scope of the person making the current page or route request.
 * Until sign-in exists this is the whole network; the session-based version replaces it.
 */
export async function requireScope(): Promise<Scope> {
  return systemScope(getDb());
}
