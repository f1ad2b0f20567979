// What a healthy terminal reports anyway: cardholder declines on a share of its sales, and now and
// then one stray terminal prompt that must stay below the rules' bar.
import type { Draft } from "./faults";
import { addCode } from "./faults";
import type { Rng } from "./random";

/** Cardholder and issuer outcomes: they say nothing about the terminal. */
const DECLINES: readonly (readonly [string, number])[] = [
  ["51", 35], ["55", 25], ["54", 8], ["61", 8], ["14", 6], ["05", 5], ["68", 4], ["91", 3], ["96", 2], ["T_USER_CANCEL", 4],
];
const DECLINE_RATE = 0.05;

/** Single stray prompts at the till: a scratched card, a slow line, a customer who walks off. */
const STRAYS: readonly (readonly [string, number])[] = [
  ["T_CARD_READ_FAIL", 3], ["T_CONNECT_TIMEOUT", 3], ["T_INPUT_TIMEOUT", 2], ["T_CARD_REMOVED", 2],
];
// Per sale; rare enough that three of one cause within the rules' 2-hour window stays improbable.
const STRAY_RATE = 0.004;

export function addDeclines(d: Draft, sales: number, rng: Rng): void {
  for (let i = 0; i < sales; i++) if (rng.chance(DECLINE_RATE)) addCode(d, rng.weighted(DECLINES));
}

export function addStrays(d: Draft, sales: number, rng: Rng, onWifi: boolean): void {
  for (let i = 0; i < sales; i++) if (rng.chance(STRAY_RATE)) addCode(d, rng.weighted(STRAYS));
  if (onWifi && rng.chance(0.002)) addCode(d, "T_WIFI_DISCONNECTED");
}
