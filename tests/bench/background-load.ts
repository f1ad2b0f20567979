// A bounded ingest load in its own process, so the page timings of the bench are not taken in the
// same event loop as the load generator. Forked by pages.ts with the settings in the environment;
// posts beats of the bench fleet (each terminal keeping its fault profile) at BG_RATE beats/s in
// BG_PER_REQUEST-beat requests, in 10-second windows, until it gets "stop"; then sends the totals.
import { benchSn, profiledBeat } from "./fleet";
import { loadIngest } from "./load";

const url = process.env.BG_URL!;
const key = process.env.BG_KEY!;
const terminals = Number(process.env.BG_TERMINALS);
const rate = Number(process.env.BG_RATE);
const perRequest = Number(process.env.BG_PER_REQUEST);
const WINDOW_S = 10;

const sns = Array.from({ length: terminals }, (_, i) => benchSn(i));
let stopping = false;
process.on("message", (m) => {
  if (m === "stop") stopping = true;
});

async function main() {
  let seqBase = 100_000;
  let seconds = 0;
  let beats = 0;
  let errors = 0;
  let worstP99 = 0;
  process.send?.({ ready: true, port: 0 });
  while (!stopping) {
    const r = await loadIngest({
      url, key, sns, perRequest, seconds: WINDOW_S, connections: 32, seqBase,
      rate: rate / perRequest, beat: (i, seq, now) => profiledBeat(i, seq, now),
    });
    seqBase += Math.ceil((rate * WINDOW_S) / terminals) + 1;
    seconds += WINDOW_S;
    beats += r.heartbeatsPerSec * WINDOW_S;
    errors += r.errors;
    worstP99 = Math.max(worstP99, r.p99);
  }
  process.send?.({ done: true, seconds, beatsPerSec: seconds ? beats / seconds : 0, errors, worstP99 });
  process.disconnect?.();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
