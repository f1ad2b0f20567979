// `npm run keys:create -- --agent <id|code> [--label TEXT]`: creates an ingest key and prints it
// once, alone on the last line. Only its hash is stored.
import { parseArgs } from "node:util";
import { closeDb, describeTarget, prepareDb } from "@/db/client";
import { findAgent } from "@/db/fleet";
import { createIngestKey } from "@/lib/auth/ingest-keys";

const usage = "usage: npm run keys:create -- --agent <agent id or code> [--label TEXT]";

async function main(): Promise<number> {
  let values: { agent?: string; label?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { agent: { type: "string" }, label: { type: "string" }, help: { type: "boolean" } } }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (!values.agent) {
    console.error(`--agent is required\n${usage}`);
    return 2;
  }
  const db = await prepareDb();
  try {
    const agent = await findAgent(db, values.agent);
    if (!agent) {
      console.error(`no agent with id or code "${values.agent}" in ${describeTarget()}`);
      return 1;
    }
    const created = await createIngestKey(db, agent.id, values.label ?? "", Date.now());
    console.error(`ingest key #${created.id} for agent ${agent.code} (${agent.name}); it is shown only now:`);
    console.log(created.key);
    return 0;
  } finally {
    await closeDb();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  },
);
