// Thousands of malformed ingest requests over real HTTP: each gets a 4xx problem+json that names
// what is wrong (or, for a well-formed batch of bad items, a 200 rejecting every item), never a
// 5xx, and the database is left exactly as it was.
import { createHash } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createIngestKey } from "@/lib/auth/ingest-keys";
import { heartbeatSchema } from "@/lib/ingest/schema";
import { beat, freshDb, makeAgent, makeTerminal, T0 } from "../helpers/db";
import { startApi } from "../helpers/server";

const db = await freshDb();
const agent = await makeAgent(db, null, { code: "FUZZ" });
const { sn } = await makeTerminal(db, agent.id);
const key = (await createIngestKey(db, agent.id, "fuzz", T0)).key;
let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi(db, () => T0 + 3_600_000);
  await api.post(beat(sn, 1), key); // one stored beat so duplicates are possible too
});
afterAll(async () => {
  await api.close();
  await db.close();
});

async function snapshot(): Promise<string> {
  const tables = ["heartbeats", "heartbeat_errors", "terminal_state", "terminals", "agents"];
  const h = createHash("sha256");
  for (const t of tables) h.update(JSON.stringify(await db.all(`SELECT * FROM ${t} ORDER BY 1`)));
  return h.digest("hex");
}

const weird = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 50 }),
  fc.constantFrom("", "\u0000", "\ud800", "𠜎𠜱", "NaN", "Infinity", "-1", "1e309", "<script>", "' OR 1=1 --"),
  fc.double(), // NaN and ±Infinity serialise to null
  fc.integer({ min: -1e12, max: 1e12 }),
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -0, 1e308),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);
const fields = ["sn", "seq", "ts", "battery_pct", "charging", "firmware", "signal_dbm", "network", "txn_count", "errors", "model", "lat", "lon"];
/** A heartbeat with at least one field broken: wrong type, out of range, missing, or an extra field. */
const brokenBeat = fc
  .record({ base: fc.integer({ min: 2, max: 1e6 }), field: fc.constantFrom(...fields), value: weird, mode: fc.constantFrom("replace", "delete", "extra") })
  .map(({ base, field, value, mode }) => {
    const b: Record<string, unknown> = beat(sn, base);
    if (mode === "delete" && field !== "errors" && field !== "model" && field !== "lat" && field !== "lon") delete b[field];
    else if (mode === "extra") b[`x_${field}`] = value;
    else b[field] = value;
    return b;
  })
  // Some replacements happen to be valid (ts = 0, a short model name): only broken ones count.
  .filter((b) => !heartbeatSchema.safeParse(b).success);
const deep = fc.integer({ min: 50, max: 5000 }).map((d) => "[".repeat(d) + "]".repeat(d));

const request = fc.oneof(
  brokenBeat.map((b) => ({ body: JSON.stringify(b), type: "application/json" })),
  fc.array(brokenBeat, { minLength: 1, maxLength: 20 }).map((hs) => ({ body: JSON.stringify({ heartbeats: hs }), type: "application/json" })),
  fc.string({ maxLength: 200 }).map((s) => ({ body: s, type: "application/json" })),
  brokenBeat.map((b) => ({ body: JSON.stringify(b).slice(0, -3), type: "application/json" })), // truncated
  deep.map((s) => ({ body: s, type: "application/json" })),
  weird.map((w) => ({ body: JSON.stringify(w), type: "application/json" })),
  fc.integer({ min: 1001, max: 1500 }).map((n) => ({ body: JSON.stringify({ heartbeats: Array(n).fill(1) }), type: "application/json" })),
  fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "", "application/xml").map((type) => ({ body: JSON.stringify(beat(sn, 77)), type })),
  fc.constant({ body: JSON.stringify({ heartbeats: [beat(sn, 5, { model: "x".repeat(3_000_000) })] }), type: "application/json" }), // oversized
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 5000 }).map((a) => ({ body: JSON.stringify({ heartbeats: a.length ? a : [[]] }), type: "application/json" })),
);

it("answers thousands of malformed requests with 4xx problem+json and changes nothing", { timeout: 120_000 }, async () => {
  const before = await snapshot();
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(request, async ({ body, type }) => {
      const headers: Record<string, string> = { authorization: `Bearer ${key}` };
      if (type) headers["content-type"] = type;
      const res = await fetch(`${api.base}/api/v1/heartbeats`, { method: "POST", headers, body });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status).toBeLessThan(500);
      const json = (await res.json()) as Record<string, any>;
      if (res.status === 200) {
        // A well-formed batch whose items are all bad: each is rejected with a reason.
        expect(json.accepted).toBe(0);
        for (const r of json.results) {
          expect(r.status).toBe("rejected");
          expect(r.message.length).toBeGreaterThan(5);
        }
      } else {
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        expect(json.status).toBe(res.status);
        expect(String(json.detail).length).toBeGreaterThan(10);
      }
    }),
    { numRuns: 3000, seed: 20261127 },
  );
  expect(await snapshot()).toBe(before);
  console.log("fuzz statuses", Object.fromEntries(statuses));
});
