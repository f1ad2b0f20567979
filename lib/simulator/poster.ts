// Posts batches of heartbeats like a gateway: a failed request (network error, 5xx, 429/503 with
// Retry-After) is sent again with the same body, so the server sees the same (sn, seq) and answers
// `duplicate` for beats it had already stored. 4xx answers other than 429 are not retried.
import type { HeartbeatInput } from "@/lib/ingest/schema";

export interface PostStats {
  /** Heartbeats handed to the poster. */
  posted: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  /** Failed attempts (each one retried or, after the last attempt, dropped). */
  errors: number;
  /** Heartbeats given up on after the last attempt. */
  dropped: number;
  inFlight: number;
}

export interface PosterOptions {
  url: string;
  key: string;
  fetch?: typeof fetch;
  /** Attempts per batch before it is dropped. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Called once per distinct problem (e.g. a rejected item's message), to show it to a person. */
  onProblem?: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

/** The key is wrong or revoked: no retry can help. */
export class PosterFatal extends Error {}

interface Summary {
  accepted: number;
  duplicate: number;
  rejected: number;
  results: { status: string; code?: string; message?: string }[];
}

export class Poster {
  readonly stats: PostStats = { posted: 0, accepted: 0, duplicate: 0, rejected: 0, errors: 0, dropped: 0, inFlight: 0 };
  private readonly endpoint: string;
  private readonly seen = new Set<string>();
  private stopped = false;
  private readonly wakers = new Set<() => void>();

  constructor(private readonly o: PosterOptions) {
    this.endpoint = new URL("/api/v1/heartbeats", o.url).toString();
  }

  async post(beats: HeartbeatInput[]): Promise<void> {
    if (beats.length === 0) return;
    this.stats.posted += beats.length;
    this.stats.inFlight += beats.length;
    const body = JSON.stringify({ heartbeats: beats });
    const doFetch = this.o.fetch ?? fetch;
    const sleep = this.o.sleep ?? ((ms: number) => this.pause(ms));
    const maxAttempts = this.o.maxAttempts ?? 8;
    try {
      for (let attempt = 1; ; attempt++) {
        let wait: number;
        try {
          const res = await doFetch(this.endpoint, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${this.o.key}` },
            body,
            signal: AbortSignal.timeout(30_000),
          });
          if (res.ok) {
            this.count((await res.json()) as Summary);
            return;
          }
          const detail = await problemDetail(res);
          if (res.status === 401 || res.status === 403) throw new PosterFatal(`the server refused the ingest key (${res.status}): ${detail}`);
          if (res.status !== 429 && res.status < 500) {
            this.stats.rejected += beats.length;
            this.problem(`HTTP ${res.status}: ${detail}`);
            return;
          }
          wait = retryAfterMs(res) ?? this.backoff(attempt);
          this.problem(`HTTP ${res.status}, retrying: ${detail}`);
        } catch (err) {
          if (err instanceof PosterFatal) throw err;
          wait = this.backoff(attempt);
          this.problem(`cannot reach ${this.endpoint}, retrying: ${(err as Error).message}`);
        }
        this.stats.errors++;
        if (attempt >= maxAttempts || this.stopped) {
          this.stats.dropped += beats.length;
          this.problem(`gave up on a batch of ${beats.length} after ${attempt} attempts`);
          return;
        }
        await sleep(wait);
      }
    } finally {
      this.stats.inFlight -= beats.length;
    }
  }

  /** Stops retrying: batches waiting for their next attempt are dropped now instead. */
  stop(): void {
    this.stopped = true;
    for (const wake of this.wakers) wake();
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }

  private count(s: Summary): void {
    this.stats.accepted += s.accepted;
    this.stats.duplicate += s.duplicate;
    this.stats.rejected += s.rejected;
    for (const r of s.results) if (r.status === "rejected") this.problem(`rejected (${r.code}): ${r.message}`);
  }

  private backoff(attempt: number): number {
    const base = this.o.baseDelayMs ?? 500;
    const capped = Math.min(this.o.maxDelayMs ?? 30_000, base * 2 ** (attempt - 1));
    return capped / 2 + Math.random() * (capped / 2);
  }

  private problem(message: string): void {
    // Each distinct message once: a down server must not flood the terminal.
    const key = message.replace(/\d+/g, "#");
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.o.onProblem?.(message);
  }
}

function retryAfterMs(res: Response): number | null {
  const h = res.headers.get("retry-after");
  if (!h) return null;
  const s = Number(h);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(h);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

async function problemDetail(res: Response): Promise<string> {
  const text = await res.text().catch(() => "");
  try {
    const p = JSON.parse(text) as { detail?: string; title?: string };
    return p.detail ?? p.title ?? text.slice(0, 200);
  } catch {
    return text.slice(0, 200) || res.statusText;
  }
}
