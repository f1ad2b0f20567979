// The server's heap limit, sized from the fleet. Without a limit V8 lets the old generation grow
// towards a quarter of the machine's memory before collecting hard, so after a batch load the
// process held 710 MB at 100,000 terminals although its live data is a fraction of that. A limit
// makes V8 collect sooner; the live data is the per-terminal window cache (lib/ingest/window-cache.ts)
// plus a constant for Next, the code and in-flight requests (docs/operations.md, "Memory").

import { env } from "@/lib/config";

/** MB of old-generation heap for the process, whatever the fleet. */
export const HEAP_BASE_MB = 160;
/** KB per registered terminal: its packed window of 24 beats, its state and the maps that find it. */
export const HEAP_PER_TERMINAL_KB = 1.25;
export const HEAP_MIN_MB = 192;
export const HEAP_MAX_MB = 8192;

export function heapLimitMb(terminals: number): number {
  const mb = Math.ceil(HEAP_BASE_MB + (Math.max(0, terminals) * HEAP_PER_TERMINAL_KB) / 1024);
  return Math.min(HEAP_MAX_MB, Math.max(HEAP_MIN_MB, mb));
}

/** True when the user already chose a limit (NODE_OPTIONS or node's own arguments): theirs wins. */
export function userChoseHeap(nodeOptions: string | undefined, execArgv: readonly string[]): boolean {
  const has = (s: string) => /--max-old-space-size(=|\s|$)/.test(s);
  return has(nodeOptions ?? "") || execArgv.some(has);
}

/** The node arguments to start the server with for `terminals` terminals ([] if the user chose). */
export function heapArgs(terminals: number, nodeOptions = env("NODE_OPTIONS"), execArgv: readonly string[] = process.execArgv): string[] {
  return userChoseHeap(nodeOptions, execArgv) ? [] : [`--max-old-space-size=${heapLimitMb(terminals)}`];
}
