// The demo's ingest key: created once for the top agent, kept in data/demo-ingest-key (mode 600)
// and reused while the database still knows it.
import fs from "node:fs";
import path from "node:path";
import type { Db } from "@/db/client";
import { findAgent } from "@/db/fleet";
import { activeIngestKey } from "@/db/queries/auth-keys";
import { createIngestKey, hashKey } from "@/lib/auth/ingest-keys";

export const DEMO_KEY_FILE = "data/demo-ingest-key";

export async function ensureDemoKey(db: Db, agentCode: string, now: number, file = DEMO_KEY_FILE): Promise<{ key: string; created: boolean }> {
  const agent = await findAgent(db, agentCode);
  if (!agent) throw new Error(`agent ${agentCode} is missing; seed the demo fleet first`);
  const stored = fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : "";
  if (stored) {
    const known = await activeIngestKey(db, hashKey(stored));
    if (known && known.agentId === agent.id) {
      fs.chmodSync(file, 0o600);
      return { key: stored, created: false };
    }
  }
  const { key } = await createIngestKey(db, agent.id, "demo simulator", now);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600); // an existing file keeps its old mode on write
  return { key, created: true };
}
