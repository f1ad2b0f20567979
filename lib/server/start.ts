// `npm start`: sizes the heap from the fleet (lib/server/heap.ts), then runs the server
// (lib/server/main.ts) as a child with that limit, passing signals, IPC messages and the exit code
// through (and the semi-space size of heap.ts). A --max-old-space-size or --max-semi-space-size in
// NODE_OPTIONS (or node's arguments) is the user's choice and is left alone.
import { spawn } from "node:child_process";
import { databaseTarget, openDatabase } from "@/db/client";
import { registeredTerminalCount } from "@/db/fleet";
import { heapArgs } from "./heap";

async function terminals(): Promise<number> {
  try {
    const db = await openDatabase(databaseTarget(), { migrate: false });
    try {
      return await registeredTerminalCount(db);
    } finally {
      await db.close();
    }
  } catch {
    return 0; // no store yet, or not reachable: the server itself says why
  }
}

async function main(): Promise<void> {
  const args = heapArgs(await terminals());
  const child = spawn(process.execPath, [...args, "--import", "tsx", "lib/server/main.ts", ...process.argv.slice(2)], {
    stdio: process.send ? ["inherit", "inherit", "inherit", "ipc"] : "inherit",
    env: process.env,
  });
  if (process.send) child.on("message", (m) => process.send!(m));
  for (const sig of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.on(sig, () => child.kill(sig));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

void main();
