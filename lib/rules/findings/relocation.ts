// 移机: a terminal used away from its registered place (银发〔2021〕259号 forbids moving it).
// Pure: positions and the registered place come in; nothing is read.
import type { Policy } from "@/lib/domain/policy";
import { findCity, haversineKm, isPosition, nearestCity, type City } from "@/lib/geo";
import type { Finding } from "@/lib/rules/types";

/** Beats in a row, the latest ones with a position, that must all be away to flag. */
export const RELOCATION_BEATS = 3;

export interface PositionBeat {
  at: number; // epoch ms
  lat: number | null;
  lon: number | null;
}

export interface RegisteredPlace {
  city: string;
  lat: number;
  lon: number;
  /** "import": coordinates from the terminal import; "city": the city's centre from lib/geo. */
  source: "import" | "city";
}

/**
 * The place a terminal is registered at: the import's coordinates when it gave them, else the
 * centre of the merchant's city; null when neither is known (a city outside the table).
 */
export function registeredPlace(city: string, coords?: { lat: number | null; lon: number | null } | null): RegisteredPlace | null {
  if (coords && isPosition(coords.lat, coords.lon)) return { city, lat: coords.lat!, lon: coords.lon!, source: "import" };
  const c = findCity(city);
  return c ? { city: c.name, lat: c.lat, lon: c.lon, source: "city" } : null;
}

export type RelocationResult =
  | { kind: "no_position" } // the terminal reports no usable position: counted, not flagged
  | { kind: "no_place" } // the registered place is unknown: nothing to compare with
  | { kind: "home"; km: number }
  | { kind: "away"; km: number; city: City; cityKm: number; since: number; finding: Finding };

const STEPS = {
  zh: [
    "致电商户，确认终端现在的使用地点。",
    "商户已搬迁：按收单机构流程重新登记装机地址后再使用。",
    "终端被转借或带到外地使用：立即停用并回收终端（回收）。",
  ],
  en: [
    "Call the merchant and confirm where the terminal is being used.",
    "If the merchant has moved: re-register the installation address with the acquirer before further use.",
    "If the terminal was lent out or taken elsewhere: stop it and recover it.",
  ],
};

const km1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Judges the latest positions against the registered place: the latest RELOCATION_BEATS beats
 * that carry a position must each be strictly more than `relocationKm` away. Beats without a
 * position are skipped; a terminal that never reports one is `no_position`.
 */
export function relocation(beats: readonly PositionBeat[], place: RegisteredPlace | null, policy: Pick<Policy, "relocationKm">): RelocationResult {
  const positioned = [...beats].filter((b) => isPosition(b.lat, b.lon)).sort((a, b) => a.at - b.at);
  if (positioned.length === 0) return { kind: "no_position" };
  if (!place) return { kind: "no_place" };
  const latest = positioned.slice(-RELOCATION_BEATS);
  const distances = latest.map((b) => haversineKm(place, { lat: b.lat!, lon: b.lon! }));
  const last = distances.at(-1)!;
  if (latest.length < RELOCATION_BEATS || distances.some((d) => d <= policy.relocationKm)) return { kind: "home", km: last };
  // Since: the start of the run of away beats.
  let first = positioned.length - 1;
  while (first > 0 && haversineKm(place, { lat: positioned[first - 1]!.lat!, lon: positioned[first - 1]!.lon! }) > policy.relocationKm) first--;
  const since = positioned[first]!.at;
  const newest = positioned.at(-1)!;
  const near = nearestCity({ lat: newest.lat!, lon: newest.lon! });
  const where = { zh: near.km <= 50 ? `${near.city.name}附近` : `${near.city.name}方向约 ${Math.round(near.km)} 公里处`, en: near.km <= 50 ? `near ${near.city.en}` : `about ${Math.round(near.km)} km from ${near.city.en}` };
  const finding: Finding = {
    ruleId: "place.relocated",
    category: "policy_firmware",
    severity: "warning",
    evidence: {
      readings: ["lat", "lon"],
      values: { km: km1(last), registeredCity: place.city, placeSource: place.source, nearestCity: near.city.name, nearestCityKm: km1(near.km), beats: positioned.length - first, thresholdKm: policy.relocationKm },
      since,
    },
    message: {
      zh: `终端在登记地点（${place.city}）以外使用：最近 ${positioned.length - first} 次心跳的位置距登记地点约 ${Math.round(last)} 公里，位于${where.zh}。`,
      en: `Used away from its registered place (${findCity(place.city)?.en ?? place.city}): the last ${positioned.length - first} heartbeats put it about ${Math.round(last)} km away, ${where.en}.`,
    },
    steps: STEPS,
  };
  return { kind: "away", km: last, city: near.city, cityKm: near.km, since, finding };
}
