import type { Db } from "@/db/client";
import { NETWORKS, type Network } from "@/lib/domain/enums";
import type { RuleHeartbeat } from "@/lib/rules/types";

/**
 * The recent heartbeats of every terminal, kept in memory by the one writer process so ingest
 * does not re-read its window per heartbeat (that read was ~70% of the ingest time). Entries are
 * packed into typed arrays (36 bytes a beat, ~4.4 KB for the 121 beats of the default two-hour
 * window, see windowBeatCapacity) and filled from the database on first use.
 * Callers replace an entry only after their transaction commits, so the cache never runs ahead
 * of what is stored. On PostgreSQL several instances write, so an entry is used only when the
 * terminal's state row still has the version this process wrote along with it (lib/ingest/ingest.ts).
 */
export interface CachedBeat extends RuleHeartbeat {
  seq: number;
  deviceTs: number;
}

const EMPTY: Record<string, number> = Object.freeze({}) as Record<string, number>;
const firmwareIds = new Map<string, number>();
const firmwareNames: string[] = [];

function firmwareId(name: string): number {
  let id = firmwareIds.get(name);
  if (id === undefined) {
    id = firmwareNames.push(name) - 1;
    firmwareIds.set(name, id);
  }
  return id;
}

// battery 0-100 (7 bits) | charging (1) | network index (3) | -signal 0..140 with 255 = none (8)
function pack(b: CachedBeat): number {
  const signal = b.signalDbm === null ? 255 : -b.signalDbm;
  return (b.battery & 0x7f) | (b.charging ? 0x80 : 0) | (NETWORKS.indexOf(b.network) << 8) | (signal << 11);
}

class Entry {
  constructor(
    readonly times: Float64Array, // [seq, at, deviceTs] per beat, oldest first
    readonly packed: Int32Array, // [packed readings, firmware id, transaction count] per beat
    // The beats with codes as JSON text, [[beat index, {code: count}], ...]: CUPS codes are digits,
    // so a code object kept as an object stores them as array elements sized by the largest code
    // ("96" takes 97 slots): 97 MB at 100,000 terminals, against a few dozen bytes of text.
    readonly errors: string | null,
    readonly positions: Float64Array | null = null, // [lat, lon] per beat, NaN without a position
  ) {}

  get length(): number {
    return this.packed.length / 3;
  }

  static from(beats: readonly CachedBeat[]): Entry {
    const times = new Float64Array(beats.length * 3);
    const packed = new Int32Array(beats.length * 3);
    let errors: [number, Record<string, number>][] | null = null;
    let positions: Float64Array | null = null;
    beats.forEach((b, i) => {
      times[i * 3] = b.seq;
      times[i * 3 + 1] = b.at;
      times[i * 3 + 2] = b.deviceTs;
      packed[i * 3] = pack(b);
      packed[i * 3 + 1] = firmwareId(b.firmware);
      packed[i * 3 + 2] = b.txnCount ?? 0;
      if (Object.keys(b.errors).length > 0) (errors ??= []).push([i, b.errors]);
      if (b.lat != null && b.lon != null) {
        positions ??= new Float64Array(beats.length * 2).fill(NaN);
        positions[i * 2] = b.lat;
        positions[i * 2 + 1] = b.lon;
      }
    });
    return new Entry(times, packed, errors ? JSON.stringify(errors) : null, positions);
  }

  beats(): CachedBeat[] {
    const out: CachedBeat[] = new Array(this.length);
    const errors = new Map(this.errors ? (JSON.parse(this.errors) as [number, Record<string, number>][]) : []);
    const pos = this.positions;
    for (let i = 0; i < out.length; i++) {
      const p = this.packed[i * 3]!;
      const signal = (p >>> 11) & 0xff;
      const lat = pos ? pos[i * 2]! : NaN;
      out[i] = {
        seq: this.times[i * 3]!,
        at: this.times[i * 3 + 1]!,
        deviceTs: this.times[i * 3 + 2]!,
        battery: p & 0x7f,
        charging: (p & 0x80) !== 0,
        network: NETWORKS[(p >>> 8) & 0x7] as Network,
        signalDbm: signal === 255 ? null : 0 - signal, // not -signal: 0 dBm would come back as -0
        firmware: firmwareNames[this.packed[i * 3 + 1]!]!,
        txnCount: this.packed[i * 3 + 2]!,
        errors: errors.get(i) ?? EMPTY,
        lat: Number.isNaN(lat) ? null : lat,
        lon: Number.isNaN(lat) ? null : pos![i * 2 + 1]!,
      };
    }
    return out;
  }
}

export class WindowCache {
  private readonly entries = new Map<number, { entry: Entry; capacity: number; version: string | undefined }>();

  /**
   * The newest `capacity` beats of a terminal, oldest first, or undefined when they must be read
   * from the database. An entry holds every stored beat up to the capacity it was built for.
   * With `version` (PostgreSQL, where other instances write too) only an entry stored with that
   * same version of the terminal's state row is a hit.
   */
  get(terminalId: number, capacity: number, version?: string): CachedBeat[] | undefined {
    const hit = this.entries.get(terminalId);
    if (!hit || hit.capacity < capacity) return undefined;
    if (version !== undefined && hit.version !== version) return undefined;
    const beats = hit.entry.beats();
    return beats.length > capacity ? beats.slice(-capacity) : beats;
  }

  /** Stores the newest `capacity` beats of a terminal (oldest first); pass all of them when there are fewer. */
  set(terminalId: number, beats: readonly CachedBeat[], capacity: number, version?: string): void {
    this.entries.set(terminalId, { entry: Entry.from(beats.length > capacity ? beats.slice(-capacity) : beats), capacity, version });
  }

  delete(terminalId: number): void {
    this.entries.delete(terminalId);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

const caches = new WeakMap<Db, WindowCache>();

/** One cache per open store. */
export function windowCache(db: Db): WindowCache {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = new WindowCache()));
  return c;
}
