// The synthetic agent network: a pure function of (seed, size). The seed CLI writes exactly this
// fleet into the database and the simulator posts for it, so both agree on every serial number.
import { CITIES, AGENT_TREE, type AgentSpec } from "./places";
import { personName, phoneNumber, SHOP_KINDS, shopName, type ShopKind } from "./names";
import { Rng } from "./random";

export const MODELS = {
  P8: { printer: false, wifi: false, weight: 35, label: "4G 电签 handheld" },
  ME31: { printer: false, wifi: false, weight: 25, label: "mPOS 电签" },
  A920: { printer: true, wifi: true, weight: 22, label: "smart POS with printer" },
  N910: { printer: true, wifi: true, weight: 18, label: "smart POS with printer" },
} as const;
export type ModelName = keyof typeof MODELS;

export const CELL_CARRIERS = ["中国移动", "中国联通", "中国电信"] as const;
export const WIFI_CARRIER = "商户Wi-Fi";
export type Carrier = (typeof CELL_CARRIERS)[number] | typeof WIFI_CARRIER;

/** The current release and the spread a real fleet drags behind it (2.3.5 is the withdrawn one). */
export const CURRENT_FIRMWARE = "2.4.1";
const FIRMWARE_SPREAD: readonly (readonly [string, number])[] = [
  ["2.4.1", 50], ["2.4.0", 18], ["2.3.8", 12], ["2.3.2", 8], ["2.3.0", 5], ["2.2.7", 2], ["2.1.4", 1], ["2.3.5", 1],
];

export interface SimMerchant {
  index: number;
  name: string;
  contactName: string;
  phone: string;
  province: string;
  city: string;
  address: string;
  agentCode: string;
  kind: ShopKind["key"];
  openHour: number;
  closeHour: number;
  /** Card sales per day across the merchant's terminals, count. */
  dailyTxns: number;
  /** In a basement mall: cellular terminals there live on a weak signal. */
  basement: boolean;
  lat: number;
  lon: number;
}

export interface SimTerminal {
  index: number;
  sn: string;
  model: ModelName;
  carrier: Carrier;
  merchant: number;
  agentCode: string;
  /** At the counter on a charger, or carried around and charged overnight. */
  usage: "counter" | "mobile";
  /** Typical signal, dBm (cellular) or Wi-Fi RSSI. */
  signalBase: number;
  /** Battery use per hour off the charger, percent. */
  drainPerHour: number;
  firmware: string;
  appVersion: string;
  /** Where in the heartbeat interval this terminal posts, fraction 0–1. */
  phase: number;
  lat: number;
  lon: number;
}

export interface Fleet {
  seed: number;
  size: number;
  agents: readonly AgentSpec[];
  merchants: SimMerchant[];
  terminals: SimTerminal[];
}

const SN_PREFIX: Record<ModelName, string> = { P8: "P8", ME31: "ME31", A920: "A920", N910: "N910" };

export function buildFleet(seed: number, size: number): Fleet {
  if (!Number.isInteger(size) || size < 1) throw new Error(`fleet size must be a positive integer, got ${size}`);
  const rng = new Rng(seed);
  const snBase = rng.int(10_000_000, 79_999_999);
  const merchants: SimMerchant[] = [];
  const terminals: SimTerminal[] = [];
  const names = new Set<string>();

  while (terminals.length < size) {
    const merchant = makeMerchant(rng, merchants.length, names);
    merchants.push(merchant);
    const count = Math.min(size - terminals.length, rng.weighted([[1, 70], [2, 20], [3, 7], [4, 3]] as const));
    for (let j = 0; j < count; j++) {
      const index = terminals.length;
      terminals.push(makeTerminal(rng, index, merchant, `${String(snBase + index).padStart(8, "0")}`));
    }
  }
  return { seed, size, agents: AGENT_TREE, merchants, terminals };
}

function makeMerchant(rng: Rng, index: number, names: Set<string>): SimMerchant {
  const city = rng.weighted(CITIES.map((c) => [c, c.weight] as const));
  const kind = rng.weighted(SHOP_KINDS.map((k) => [k, k.weight] as const));
  const district = rng.pick(city.districts);
  const street = rng.pick(district.streets);
  const basement = rng.chance(0.03);
  let name = shopName(rng, kind);
  // Chains and namesakes: the second 老王便利店 becomes 老王便利店（文三路店）.
  if (names.has(name)) name = `${name}（${street}店）`;
  if (names.has(name)) name = `${name.slice(0, -1)}${index}号）`;
  names.add(name);
  const roundTheClock = kind.key === "retail" && rng.chance(0.12);
  const daily = Math.round(Math.min(600, Math.max(12, Math.exp(rng.normal(Math.log(70), 0.6)))));
  return {
    index,
    name,
    contactName: personName(rng),
    phone: phoneNumber(rng),
    province: city.province,
    city: city.name,
    address: `${city.province === city.name ? "" : city.province + "省"}${city.name}市${district.name}${street}${rng.int(1, 888)}号${basement ? "地下一层" : ""}`,
    agentCode: city.agent,
    kind: kind.key,
    openHour: roundTheClock ? 0 : kind.hours[0] + rng.int(-1, 1),
    closeHour: roundTheClock ? 24 : Math.min(23, kind.hours[1] + rng.int(-1, 0)),
    dailyTxns: daily,
    basement,
    lat: round5(city.lat + rng.range(-0.08, 0.08)),
    lon: round5(city.lon + rng.range(-0.08, 0.08)),
  };
}

function makeTerminal(rng: Rng, index: number, merchant: SimMerchant, serial: string): SimTerminal {
  const model = rng.weighted(Object.entries(MODELS).map(([name, m]) => [name as ModelName, m.weight] as const));
  const onWifi = MODELS[model].wifi && rng.chance(0.3);
  const carrier: Carrier = onWifi ? WIFI_CARRIER : rng.weighted([["中国移动", 55], ["中国联通", 25], ["中国电信", 20]] as const);
  const mobile = !MODELS[model].printer && merchant.closeHour - merchant.openHour < 24 && rng.chance(0.6);
  const signalBase = onWifi ? clamp(Math.round(rng.normal(-58, 6)), -70, -45) : clamp(Math.round(rng.normal(-78, 6)), -91, -62);
  return {
    index,
    sn: SN_PREFIX[model] + serial,
    model,
    carrier,
    merchant: merchant.index,
    agentCode: merchant.agentCode,
    usage: mobile ? "mobile" : "counter",
    signalBase,
    drainPerHour: round1(rng.range(2.5, 4.5)),
    firmware: rng.weighted(FIRMWARE_SPREAD),
    appVersion: rng.weighted([["3.8.2", 60], ["3.8.0", 25], ["3.7.5", 15]] as const),
    phase: rng.next(),
    lat: round5(merchant.lat + rng.range(-0.0005, 0.0005)),
    lon: round5(merchant.lon + rng.range(-0.0005, 0.0005)),
  };
}

export function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x));
}

function round5(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
