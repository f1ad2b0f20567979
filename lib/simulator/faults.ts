// The faults the simulator can give a terminal, and how each one shows in its heartbeats. The
// evidence follows the real cause: counts scale with the minutes since the last beat and, for
// faults met only when someone takes a card, with the sales attempted.
import type { ProblemCategory } from "@/lib/domain/enums";
import type { Rng } from "./random";
import { MINUTE_MS } from "@/lib/domain/time";

export const FAULT_KINDS = {
  "battery-aging": { category: "hardware", trading: false, zh: "电池老化：每天掉电更快，最后无法开机" },
  "card-reader": { category: "hardware", trading: true, zh: "读卡器故障：多张卡读卡失败" },
  "printer-fault": { category: "hardware", trading: true, zh: "打印机故障" },
  "printer-paper": { category: "hardware", trading: true, zh: "打印机缺纸" },
  "ped-tamper": { category: "hardware", trading: false, zh: "密码键盘触发防拆（PED Tampered）" },
  "weak-signal": { category: "network", trading: false, zh: "地下室店铺信号弱（≤ −100 dBm）" },
  "sim-suspended": { category: "network", trading: false, zh: "流量卡欠费停机" },
  "carrier-outage": { category: "network", trading: false, zh: "运营商区域故障，终端批量失联" },
  "wifi-unstable": { category: "network", trading: false, zh: "商户WiFi不稳定、频繁断开" },
  "cashier-no-signin": { category: "operation", trading: true, zh: "新收银员未签到就交易" },
  "cashier-swipes-chip": { category: "operation", trading: true, zh: "新收银员刷磁条而不插芯片卡" },
  "cashier-no-settlement": { category: "operation", trading: true, zh: "忘记结算，上批未结" },
  "merchant-frozen": { category: "policy_firmware", trading: false, zh: "商户被风控冻结" },
  "location-abnormal": { category: "policy_firmware", trading: true, zh: "终端被移出登记地点" },
  relocated: { category: "policy_firmware", trading: true, zh: "终端被带到外地照常使用（上报位置在另一城市，无报错）" },
  "firmware-min": { category: "policy_firmware", trading: true, zh: "最低固件版本提高，旧版本被主机拒绝" },
} as const satisfies Record<string, { category: ProblemCategory; trading: boolean; zh: string }>;

export type FaultKind = keyof typeof FAULT_KINDS;
export const FAULT_KIND_NAMES = Object.keys(FAULT_KINDS) as FaultKind[];

export interface FaultInstance {
  kind: FaultKind;
  terminal: number;
  since: number; // epoch ms
  until: number | null; // epoch ms; null while it lasts
  /** carrier-outage: minutes of flaky link before the terminal goes silent. */
  degradeMin?: number;
  /** location-abnormal: where the terminal now is. */
  movedTo?: { city: string; lat: number; lon: number };
  /** firmware-min: the minimum the host now demands; updateAt when the TMS update lands (null: it keeps failing). */
  minVersion?: string;
  updateAt?: number | null;
  /** Added while the simulator ran (scenario), not part of the baseline plan. */
  injected?: boolean;
}

/** The heartbeat being built, before it is turned into the wire format. */
export interface Draft {
  battery: number;
  charging: boolean;
  signal: number | null;
  network: "4G" | "3G" | "WIFI" | "NONE";
  errors: Record<string, number>;
  txns: number;
  lat: number;
  lon: number;
  silent: boolean;
}

export interface BeatContext {
  at: number; // scheduled time of the beat, epoch ms
  intervalMin: number;
  /** Card sales the merchant tried on this terminal since the last beat. */
  attempts: number;
  rng: Rng;
}

export function addCode(d: Draft, code: string, n = 1): void {
  if (n > 0) d.errors[code] = (d.errors[code] ?? 0) + n;
}

const NETWORK_TROUBLE = ["T_CONNECT_TIMEOUT", "T_COMM_FAIL", "T_RECV_TIMEOUT"] as const;

/** Mutates the draft to show the fault at this beat. Battery aging lives in battery.ts. */
export function applyFault(f: FaultInstance, ctx: BeatContext, d: Draft): void {
  const { rng, attempts, intervalMin } = ctx;
  const tried = attempts > 0;
  switch (f.kind) {
    case "battery-aging":
      if (!d.charging && d.battery <= 10) addCode(d, "T_BATTERY_LOW");
      return;
    case "card-reader":
      if (!tried) return;
      addCode(d, "T_CARD_READ_FAIL", Math.max(1, Math.round(attempts * 0.7)));
      if (rng.chance(0.35)) addCode(d, "T_IC_READER_FAULT");
      if (rng.chance(0.2)) addCode(d, "T_USE_CHIP");
      d.txns = Math.round(attempts * 0.3);
      return;
    case "printer-fault":
    case "printer-paper":
      if (tried) addCode(d, f.kind === "printer-fault" ? "T_PRINTER_FAULT" : "T_PRINTER_NO_PAPER", attempts);
      return;
    case "ped-tamper":
      // Keys are wiped and the terminal shows the tamper lock: nothing can be sold.
      addCode(d, "T_PED_TAMPERED");
      if (tried) addCode(d, "A0", attempts);
      d.txns = 0;
      return;
    case "weak-signal":
      d.network = rng.chance(0.1) ? "NONE" : rng.chance(0.2) ? "3G" : d.network;
      d.signal = d.network === "NONE" ? null : rng.int(-116, -101);
      if (tried) {
        addCode(d, "T_CONNECT_TIMEOUT", rng.chance(0.6) ? Math.max(1, Math.round(attempts * 0.4)) : 0);
        if (rng.chance(0.3)) addCode(d, "T_RECV_TIMEOUT");
        if (rng.chance(0.2)) addCode(d, "T_AUTO_REVERSAL");
      }
      return;
    case "sim-suspended":
      // First the carrier refuses data on a live registration, then the line is cut altogether.
      if (ctx.at - f.since >= 30 * MINUTE_MS) {
        d.network = "NONE";
        d.signal = null;
      }
      addCode(d, "T_SIM_SUSPENDED", 1 + attempts);
      d.txns = 0;
      return;
    case "carrier-outage": {
      const silentFrom = f.since + (f.degradeMin ?? 15) * MINUTE_MS;
      if (ctx.at >= silentFrom) {
        d.silent = true;
        return;
      }
      d.signal = d.signal === null ? null : Math.max(-112, d.signal - rng.int(8, 20));
      const n = Math.max(2, Math.round(0.4 * intervalMin));
      for (let i = 0; i < n; i++) addCode(d, rng.pick(NETWORK_TROUBLE));
      d.txns = Math.floor(d.txns / 3);
      return;
    }
    case "wifi-unstable":
      if (rng.chance(0.1)) {
        d.silent = true; // the beat was due while the Wi-Fi was down
        return;
      }
      d.signal = rng.int(-82, -66);
      addCode(d, "T_WIFI_DISCONNECTED", rng.poisson(0.15 * intervalMin) + (rng.chance(0.6) ? 1 : 0));
      if (tried && rng.chance(0.4)) addCode(d, "T_CONNECT_TIMEOUT");
      return;
    case "cashier-no-signin":
      if (tried) addCode(d, "T_NOT_SIGNED_IN", attempts);
      d.txns = 0;
      return;
    case "cashier-swipes-chip": {
      if (!tried) return;
      // A chip card swiped: the terminal asks for the chip, or the host refuses the fallback (45).
      const swipes = Math.max(1, Math.round(attempts * 0.4));
      for (let i = 0; i < swipes; i++) addCode(d, rng.chance(0.4) ? "45" : "T_USE_CHIP");
      return;
    }
    case "cashier-no-settlement":
      if (tried) addCode(d, "T_BATCH_NOT_SETTLED", attempts);
      d.txns = 0;
      return;
    case "merchant-frozen":
      // The terminal's status check shows the freeze; every sale is refused as an invalid merchant.
      addCode(d, "T_MERCHANT_FROZEN");
      if (tried) addCode(d, "03", attempts);
      d.txns = 0;
      return;
    case "location-abnormal":
      if (f.movedTo) {
        d.lat = f.movedTo.lat;
        d.lon = f.movedTo.lon;
      }
      if (tried) addCode(d, "T_LOCATION_ABNORMAL", attempts);
      d.txns = 0;
      return;
    case "relocated":
      // Moved quietly: the terminal keeps selling and reports no code, only its new position.
      if (f.movedTo) {
        d.lat = f.movedTo.lat;
        d.lon = f.movedTo.lon;
      }
      return;
    case "firmware-min":
      if (tried) addCode(d, "T_FW_VERSION_LOW", attempts);
      if (f.updateAt === null && ctx.at - f.since > 30 * MINUTE_MS) addCode(d, "T_TMS_UPDATE_FAIL");
      d.txns = 0;
      return;
  }
}

/** Attempts for a fault that is met at the till: a cashier who fails retries, so at least one while open. */
export function tradingAttempts(sales: number, open: boolean): number {
  return open ? Math.max(1, sales) : 0;
}
