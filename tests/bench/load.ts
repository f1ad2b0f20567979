import autocannon from "autocannon";
import { beatFor } from "./fleet";

export interface LoadResult {
  heartbeatsPerSec: number;
  requestsPerSec: number;
  p50: number; // ms
  p99: number; // ms
  errors: number; // non-2xx or socket errors
}

/**
 * Posts heartbeats for `sns` round-robin with fresh seqs, `perRequest` per body (1 = the single
 * form, else {"heartbeats": [...]}) over `connections` keep-alive connections for `seconds`.
 */
export async function loadIngest(opts: {
  url: string;
  key: string | null;
  sns: string[];
  perRequest: number;
  seconds: number;
  connections: number;
  seqBase: number;
  /** Requests per second across all connections; unlimited when absent. */
  rate?: number;
  /** The beat of terminal `index` (into sns) with `seq`; beatFor of its serial when absent. */
  beat?: (index: number, seq: number, now: number) => object;
}): Promise<LoadResult> {
  let i = 0;
  const next = () => {
    const n = i++;
    const k = n % opts.sns.length;
    const seq = opts.seqBase + Math.floor(n / opts.sns.length);
    return opts.beat ? opts.beat(k, seq, Date.now()) : beatFor(opts.sns[k]!, seq, Date.now());
  };
  const body = () => {
    if (opts.perRequest === 1) return JSON.stringify(next());
    return JSON.stringify({ heartbeats: Array.from({ length: opts.perRequest }, next) });
  };
  const result = await autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.seconds,
    ...(opts.rate ? { overallRate: opts.rate } : {}),
    requests: [
      {
        method: "POST",
        path: "/api/v1/heartbeats",
        headers: { "content-type": "application/json", ...(opts.key ? { authorization: `Bearer ${opts.key}` } : {}) },
        setupRequest: (req) => ({ ...req, body: body() }),
      },
    ],
  });
  const ok = result.requests.total - result.non2xx;
  return {
    heartbeatsPerSec: (ok * opts.perRequest) / opts.seconds,
    requestsPerSec: ok / opts.seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
  };
}
