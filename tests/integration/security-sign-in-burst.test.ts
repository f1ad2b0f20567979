// Sign-in under a burst of parallel requests against the real production server: the limits hold
// whatever the timing, and the burst does not stall the rest of the server. The server trusts a
// proxy here (TRUST_PROXY=1), so each test chooses its client addresses with X-Forwarded-For.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemScope } from "@/lib/auth/scope";
import { createUser } from "@/lib/auth/users";
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS } from "@/lib/auth/rate-limit";
import { BUILD_TIMEOUT_MS, startServer, type RunningApp } from "./helpers/app";

const PASSWORD = "burst-password-1";
let app: RunningApp;

beforeAll(async () => {
  app = await startServer(
    async (db) => {
      const sys = await systemScope(db);
      for (const email of ["burst@x.test", "owner@x.test"]) await createUser(db, sys, { email, name: email, role: "viewer", agent: "SOUTH", password: PASSWORD }, Date.now());
    },
    { TRUST_PROXY: "1" },
  );
}, BUILD_TIMEOUT_MS + 120_000);

afterAll(async () => {
  await app?.stop();
});

interface Answer {
  i: number;
  status: number;
  retryAfter: string | null;
  cookie: boolean;
}

function signIn(email: string, password: string, address: string, i = 0): Promise<Answer> {
  return fetch(`${app.base}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.base, "x-forwarded-for": address },
    body: JSON.stringify({ email, password }),
  }).then(async (res) => {
    await res.arrayBuffer();
    return { i, status: res.status, retryAfter: res.headers.get("retry-after"), cookie: res.headers.has("set-cookie") };
  });
}

/** Runs `n` calls with at most `width` in flight at once; answers in call order. */
async function parallel<T>(n: number, width: number, call: (i: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await call(i);
      }
    }),
  );
  return out;
}

const tally = (answers: Answer[]) => answers.reduce<Record<number, number>>((acc, a) => ({ ...acc, [a.status]: (acc[a.status] ?? 0) + 1 }), {});

describe("the sign-in limits hold under concurrency", () => {
  it("1,000 parallel tries for one account: at most 5 are checked, the right password at #700 gets no session", async () => {
    // Every try from its own address, so only the per-account limit can stop them.
    const answers = await parallel(1000, 200, (i) => signIn("burst@x.test", i === 700 ? PASSWORD : `wrong-${i}`, `198.18.${i >> 8}.${i & 255}`, i));
    const counts = tally(answers);
    console.log(`1,000 tries on one account: ${JSON.stringify(counts)}`);
    const checked = answers.filter((a) => a.status === 401 || a.status === 200);
    expect(checked.length).toBeGreaterThan(0);
    expect(checked.length).toBeLessThanOrEqual(MAX_FAILURES_PER_ACCOUNT);
    // Everything else is refused: 429 by the limit, or 503 when the hashing queue was full.
    expect(answers.every((a) => [200, 401, 429, 503].includes(a.status))).toBe(true);
    expect(counts[429]).toBeGreaterThanOrEqual(1000 - MAX_FAILURES_PER_ACCOUNT - (counts[503] ?? 0));
    expect(answers.filter((a) => a.status === 429 || a.status === 503).every((a) => Number(a.retryAfter) > 0)).toBe(true);
    expect(answers[700]!.status === 200 ? "the right password at #700 got a session" : "refused").toBe("refused");
    expect(answers.filter((a) => a.cookie)).toEqual([]);
    // The database agrees: no more failures recorded than the limit, and no session opened.
    expect(await app.db.get(`SELECT count(*) AS n FROM sign_in_failures WHERE account = 'burst@x.test'`)).toEqual({ n: checked.length });
    expect(await app.db.get(`SELECT count(*) AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'burst@x.test'`)).toEqual({ n: 0 });
    // And afterwards the account is locked for everyone new, right password or not.
    expect((await signIn("burst@x.test", PASSWORD, "198.18.200.1")).status).toBe(429);
  });

  it(`${MAX_FAILURES_PER_ADDRESS * 3} parallel tries from one address on as many accounts: at most ${MAX_FAILURES_PER_ADDRESS} are checked`, async () => {
    const n = MAX_FAILURES_PER_ADDRESS * 3;
    const answers = await parallel(n, n, (i) => signIn(`spray-${i}@x.test`, "wrong-password", "203.0.113.50", i));
    const counts = tally(answers);
    console.log(`${n} tries from one address: ${JSON.stringify(counts)}`);
    expect(counts[401] ?? 0).toBeGreaterThan(0);
    expect(counts[401] ?? 0).toBeLessThanOrEqual(MAX_FAILURES_PER_ADDRESS);
    expect((counts[429] ?? 0) + (counts[503] ?? 0)).toBe(n - (counts[401] ?? 0));
    expect(await app.db.get(`SELECT count(*) AS n FROM sign_in_failures WHERE address = '203.0.113.50'`)).toEqual({ n: counts[401] });
  });

  it("a stranger locking an account does not lock out its owner at an address they signed in from before", async () => {
    const home = "192.0.2.77";
    expect((await signIn("owner@x.test", PASSWORD, home)).status).toBe(200);
    const guesses = await parallel(20, 20, (i) => signIn("owner@x.test", `guess-${i}`, `198.19.0.${i + 1}`, i));
    expect(guesses.filter((a) => a.status === 401).length).toBeLessThanOrEqual(MAX_FAILURES_PER_ACCOUNT);
    // Locked for a new address, even with the right password ...
    expect((await signIn("owner@x.test", PASSWORD, "198.19.1.1")).status).toBe(429);
    // ... but the owner at home still gets in.
    const owner = await signIn("owner@x.test", PASSWORD, home);
    expect(owner.status).toBe(200);
    expect(owner.cookie).toBe(true);
  });
});

describe("a sign-in burst does not stall the server", () => {
  it("health keeps answering while 1,000 sign-ins for different accounts arrive at once", async () => {
    const latencies: number[] = [];
    const statuses: number[] = [];
    let done = false;
    const probe = (async () => {
      while (!done) {
        const t = performance.now();
        const res = await fetch(`${app.base}/api/health`);
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        statuses.push(res.status);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const started = performance.now();
    // Different accounts and addresses: no limit stops them, only the hashing gate.
    const answers = await parallel(1000, 200, (i) => signIn(`load-${i}@x.test`, "wrong-password", `198.51.${i >> 8}.${i & 255}`, i));
    const burstMs = performance.now() - started;
    done = true;
    await probe;
    const sorted = [...latencies].sort((a, b) => a - b);
    const pct = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!);
    console.log(
      `burst of 1,000 sign-ins in ${Math.round(burstMs)} ms: ${JSON.stringify(tally(answers))}; ` +
        `/api/health during it: n=${sorted.length} p50=${pct(50)} ms p99=${pct(99)} ms max=${Math.round(sorted.at(-1)!)} ms`,
    );
    expect(answers.every((a) => a.status === 401 || a.status === 503)).toBe(true);
    expect(answers.filter((a) => a.status === 503).every((a) => a.retryAfter === "1")).toBe(true);
    expect(statuses.length).toBeGreaterThan(5);
    expect(statuses.every((s) => s === 200)).toBe(true);
    // A refused attempt was never made: only checked passwords left a failure row.
    expect(await app.db.get(`SELECT count(*) AS n FROM sign_in_failures WHERE account LIKE 'load-%'`)).toEqual({ n: answers.filter((a) => a.status === 401).length });
  });
});
