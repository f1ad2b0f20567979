import type { Category, Confidence, Network, ProblemCategory, Severity, Status } from "@/lib/domain/enums";
import type { Fact } from "./facts";

/** One heartbeat as the rules see it. `at` is the server's receive time, epoch ms. */
export interface RuleHeartbeat {
  at: number; // epoch ms
  battery: number; // percent 0-100
  charging: boolean;
  firmware: string;
  signalDbm: number | null; // dBm; null when the terminal has no service
  network: Network;
  /** The terminal's own counter; orders beats that share a receive time (stored in one batch). */
  seq?: number;
  /** Codes seen since the previous heartbeat with how often each was seen. */
  errors: Record<string, number>;
  /** Transactions completed since the previous heartbeat, when the terminal reports it. */
  txnCount?: number;
  /** The position the beat reported (decimal degrees), when it reported one. */
  lat?: number | null;
  lon?: number | null;
}

export interface Text {
  zh: string;
  en: string;
}

export interface Evidence {
  /** What was looked at, e.g. "signal_dbm", "battery_pct", "firmware", "codes". */
  readings: string[];
  /** Codes that fired the finding with their summed counts in the window. */
  codes?: Record<string, number>;
  /** Raw values behind the finding, for machines; people read `describeEvidence(finding, lang)`. */
  values?: Record<string, unknown>;
  /** Epoch ms of the first heartbeat in the window that showed the problem. */
  since: number | null;
  /** The observations behind the finding as data; `describeEvidence` renders them as sentences. */
  facts?: Fact[];
}

export interface Finding {
  ruleId: string;
  category: ProblemCategory;
  severity: Exclude<Severity, "ok">;
  evidence: Evidence;
  /** Headline: the first evidence sentence in each language. */
  message: Text;
  steps: { zh: string[]; en: string[] };
  /** "low" when the evidence behind this finding is thin; absent means high. */
  confidence?: Confidence;
}

export interface Diagnosis {
  status: Status;
  category: Category;
  severity: Severity;
  confidence: Confidence;
  findings: Finding[];
  /** Epoch ms of the last heartbeat the diagnosis is based on (null: none at all). */
  lastHeartbeatAt: number | null;
}
