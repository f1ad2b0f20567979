import type { ProblemCategory } from "@/lib/domain/enums";
import type { UnreadableReason } from "./version";

/**
 * One observation behind a finding, as data: `describeEvidence` turns each into a sentence in the
 * reader's language. Times are epoch ms; levels are percent; signals are dBm (null: no service).
 */
export type Fact =
  | { kind: "weak_signal"; beats: number; thresholdDbm: number; minDbm: number | null; noServiceBeats: number; since: number; lastAt: number }
  | { kind: "battery_low"; pct: number; thresholdPct: number; critical: boolean; at: number }
  | { kind: "battery_trend"; levels: number[]; from: number; to: number }
  | { kind: "battery_unconfirmed"; fromPct: number; toPct: number; at: number }
  | { kind: "battery_glitches"; at: number[] }
  | { kind: "charging_drain"; levels: number[]; from: number; to: number }
  | { kind: "charging_stalled"; beats: number; levels: number[]; from: number; to: number }
  | { kind: "charging_flapping"; beats: number; flips: number; fromPct: number; toPct: number; from: number; to: number }
  | { kind: "firmware_below_min"; firmware: string; minFirmware: string; since: number }
  | { kind: "firmware_blocked"; firmware: string; blocked: string[]; since: number }
  | { kind: "firmware_unreadable"; firmware: string; reason: UnreadableReason; at: number }
  | { kind: "code_recurring"; code: string; incidents: number; occurrences: number; threshold: number; firstAt: number; lastAt: number }
  | { kind: "code_severe"; code: string; occurrences: number; firstAt: number; lastAt: number }
  | { kind: "code_seen"; code: string; incidents: number; occurrences: number; lastAt: number }
  | { kind: "code_reread"; code: string; from: ProblemCategory; to: ProblemCategory; reason: RereadReason }
  | { kind: "silence"; lastAt: number; silenceMin: number; missedBeats: number }
  | { kind: "never_reported" }
  | { kind: "before_silence_signal"; beats: number; weakBeats: number; minDbm: number | null; noServiceBeats: number; thresholdDbm: number }
  | { kind: "before_silence_wifi"; occurrences: number }
  | { kind: "before_silence_battery"; pct: number; charging: boolean }
  | { kind: "before_silence_codes"; code: string; occurrences: number }
  | { kind: "before_silence_normal" };

/** Why an ambiguous code was read as another category in this window. */
export type RereadReason =
  | "weak_link" // it happened while the link was weak or failing
  | "operator_password" // a wrong operator password explains the failed sign-in
  | "signin_failed_on_link" // sign-in was tried and failed on a failing link
  | "key_still_missing" // the master key is still missing after a key download on a good link
  | "security_module" // key errors next to PIN-pad, tamper or key-storage faults
  | "reader_fault"; // chip-swipe refusals next to chip-reader faults

export type FactKind = Fact["kind"];
