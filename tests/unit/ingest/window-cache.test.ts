// The window cache packs each terminal's recent beats: what it hands back must be what it was given.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WindowCache, type CachedBeat } from "@/lib/ingest/window-cache";
import { NETWORKS } from "@/lib/domain/enums";

const codeArb = fc.oneof(fc.constantFrom("00", "51", "96", "A0", "T_CONNECT_TIMEOUT", "T_PED_TAMPERED"), fc.stringMatching(/^[0-9]{2}$/));
const beatArb = (i: number): fc.Arbitrary<CachedBeat> =>
  fc.record({
    seq: fc.constant(i + 1),
    at: fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }),
    deviceTs: fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }),
    battery: fc.integer({ min: 0, max: 100 }),
    charging: fc.boolean(),
    network: fc.constantFrom(...NETWORKS),
    signalDbm: fc.option(fc.integer({ min: -140, max: 0 }), { nil: null }),
    firmware: fc.constantFrom("2.4.1", "2.5.0", "3.0.0-rc1"),
    txnCount: fc.integer({ min: 0, max: 10_000 }),
    errors: fc.dictionary(codeArb, fc.integer({ min: 1, max: 500 }), { maxKeys: 4 }),
    lat: fc.option(fc.double({ min: 18, max: 53, noNaN: true }), { nil: null }),
    lon: fc.constant(null as number | null),
  }).map((b) => ({ ...b, lon: b.lat === null ? null : b.lat + 90 }));

const windowArb = fc.integer({ min: 0, max: 30 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => beatArb(i))));

describe("window cache", () => {
  it("gives back the beats it stored: readings, codes (digits or T_ names) and positions", () => {
    fc.assert(
      fc.property(windowArb, (beats) => {
        const cache = new WindowCache();
        cache.set(7, beats, 24);
        const want = beats.slice(-24).map((b) => ({ ...b, errors: { ...b.errors } }));
        expect(cache.get(7, 24)).toEqual(want);
        expect(cache.get(7, 12)).toEqual(want.slice(-12));
      }),
      { numRuns: 200 },
    );
  });

  it("misses for a larger window than it was built for, or another state version", () => {
    const cache = new WindowCache();
    const beat: CachedBeat = { seq: 1, at: 1, deviceTs: 1, battery: 50, charging: false, network: "4G", signalDbm: -80, firmware: "2.4.1", txnCount: 0, errors: { "96": 2 }, lat: null, lon: null };
    cache.set(1, [beat], 24, "v1");
    expect(cache.get(1, 48)).toBeUndefined();
    expect(cache.get(1, 24, "v2")).toBeUndefined();
    expect(cache.get(1, 24, "v1")).toEqual([beat]);
  });
});
