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

/**
 * MB of each young-generation semi-space. V8 grows them to 16 MB (32 with its pointer
 * compression off) under allocation-heavy load such as ingest's JSON bodies, in each of the
 * server's two threads; at 4 MB the server held about 40 MB less after a batch load at 100,000
 * terminals with the same ingest rate (docs/operations.md, "Memory").
 */
export const SEMI_SPACE_MB = 4;

function chose(flag: string, nodeOptions: string | undefined, execArgv: readonly string[]): boolean {
  const has = (s: string) => new RegExp(`${flag}(=|\\s|$)`).test(s);
  return has(nodeOptions ?? "") || execArgv.some(has);
}

/** True when the user already chose a limit (NODE_OPTIONS or node's own arguments): theirs wins. */
export function userChoseHeap(nodeOptions: string | undefined, execArgv: readonly string[]): boolean {
  return chose("--max-old-space-size", nodeOptions, execArgv);
}

/**
 * The node arguments to start the server with for `terminals` terminals: the heap limit and the
 * semi-space size, each left out when the user chose it.
 */
export function heapArgs(terminals: number, nodeOptions = env("NODE_OPTIONS"), execArgv: readonly string[] = process.execArgv): string[] {
  return [
    ...(userChoseHeap(nodeOptions, execArgv) ? [] : [`--max-old-space-size=${heapLimitMb(terminals)}`]),
    ...(chose("--max-semi-space-size", nodeOptions, execArgv) ? [] : [`--max-semi-space-size=${SEMI_SPACE_MB}`]),
  ];
}
