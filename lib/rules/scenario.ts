import { z } from "zod";
import { CATEGORIES, type Category } from "@/lib/domain/enums";
import { heartbeatFields } from "@/lib/domain/heartbeat-fields";
import { defaultPolicy, policySchema, type Policy } from "@/lib/rules/policy";
import type { RuleHeartbeat } from "@/lib/rules/types";
import { MINUTE_MS } from "@/lib/rules/window";

// The scenario file format of tests/fixtures/scenarios/README.md: minutes from the start of the
// window. Readings are checked with the same limits and words as the ingest API, and unknown keys
// are errors, so a misspelt field cannot silently fall back to a default.
const heartbeatSchema = z.strictObject({
  ts: z.number().finite(),
  battery: heartbeatFields.battery_pct,
  charging: heartbeatFields.charging,
  firmware: heartbeatFields.firmware,
  signal_dbm: heartbeatFields.signal_dbm,
  network: heartbeatFields.network,
  error_codes: z.array(heartbeatFields.error_code).default([]),
  txn_count: heartbeatFields.txn_count.optional(),
});

const scenarioSchema = z.strictObject({
  id: z.string().min(1),
  description: z.string().optional(),
  heartbeats: z.array(heartbeatSchema),
  context: z.record(z.string(), z.unknown()).default({}),
  expected: z.strictObject({ category: z.enum(CATEGORIES), reason: z.string().optional() }).optional(),
});

export interface Scenario {
  id: string;
  description?: string;
  heartbeats: RuleHeartbeat[];
  policy: Policy;
  now: number;
  expected?: { category: Category; reason?: string };
}

/** A bad scenario line; `issues` are "field: reason" strings with fields as the file spells them. */
export class ScenarioError extends Error {
  constructor(readonly issues: string[]) {
    super(issues.join("; "));
  }
}

function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

const CONTEXT_KEYS = ["now_offset_min", ...Object.keys(defaultPolicy).map(snake)];

/** heartbeats[3].signal_dbm, as the user wrote it. */
function fieldPath(path: readonly PropertyKey[], prefix = ""): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out || "(root)";
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const here = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = here;
    }
  }
  return row[b.length]!;
}

function unknownKey(key: string, known: readonly string[]): string {
  const near = known.filter((k) => editDistance(key, k) <= 2).sort((x, y) => editDistance(key, x) - editDistance(key, y))[0];
  return `unknown key${near ? ` (did you mean ${near}?)` : ""}`;
}

const KNOWN: Record<string, readonly string[]> = {
  "": Object.keys(scenarioSchema.shape),
  heartbeat: Object.keys(heartbeatSchema.shape),
  expected: ["category", "reason"],
};

function issuesOf(error: z.ZodError, prefix = ""): string[] {
  const out: string[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      const inHeartbeat = issue.path[0] === "heartbeats";
      const known = KNOWN[inHeartbeat ? "heartbeat" : String(issue.path[0] ?? "")] ?? [];
      for (const key of issue.keys) out.push(`${fieldPath([...issue.path, key], prefix)}: ${unknownKey(key, known)}`);
    } else out.push(`${fieldPath(issue.path, prefix)}: ${issue.message}`);
  }
  return out;
}

/** Context keys in snake_case override the policy fields of the same name; unknown keys throw. */
export function policyFromContext(context: Record<string, unknown>, base: Policy = defaultPolicy): Policy {
  const issues: string[] = [];
  const overrides: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(context)) {
    if (key === "now_offset_min") continue;
    const field = camel(key);
    if (key === snake(field) && field in base) overrides[field] = value;
    else issues.push(`context.${key}: ${unknownKey(key, CONTEXT_KEYS)}`);
  }
  const parsed = policySchema.safeParse({ ...base, ...overrides });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [field, ...rest] = issue.path;
      issues.push(`${fieldPath(rest, `context.${snake(String(field ?? ""))}`)}: ${issue.message}`);
    }
  }
  if (issues.length > 0) throw new ScenarioError(issues);
  return parsed.data!;
}

export function countCodes(codes: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const code of codes) counts[code] = (counts[code] ?? 0) + 1;
  return counts;
}

/** One JSONL line to the arguments of diagnose; throws ScenarioError listing every problem. */
export function parseScenarioLine(line: string, base: Policy = defaultPolicy): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    throw new ScenarioError([`invalid JSON: ${(error as Error).message}`]);
  }
  const parsed = scenarioSchema.safeParse(json);
  const issues = parsed.success ? [] : issuesOf(parsed.error);
  // The context is checked even when other fields are bad, so one run lists everything.
  const rawContext = (json !== null && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, unknown>).context : undefined) ?? {};
  let policy: Policy | undefined;
  if (rawContext !== null && typeof rawContext === "object" && !Array.isArray(rawContext)) {
    try {
      policy = policyFromContext(rawContext as Record<string, unknown>, base);
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      issues.push(...error.issues);
    }
    const offset = (rawContext as Record<string, unknown>)["now_offset_min"];
    if (offset !== undefined && (typeof offset !== "number" || !Number.isFinite(offset))) {
      issues.push("context.now_offset_min: expected a number of minutes");
    }
  }
  if (!parsed.success || issues.length > 0 || !policy) throw new ScenarioError(issues);
  const s = parsed.data;
  const offset = s.context["now_offset_min"] as number | undefined;
  if (offset !== undefined) {
    s.heartbeats.forEach((h, i) => {
      if (h.ts > offset) issues.push(`heartbeats[${i}].ts: ${h.ts} is after now_offset_min ${offset}; a heartbeat cannot come from the future, fix the terminal's clock`);
    });
    if (issues.length > 0) throw new ScenarioError(issues);
  }
  const heartbeats = s.heartbeats.map((h) => ({
    at: h.ts * MINUTE_MS,
    battery: h.battery,
    charging: h.charging,
    firmware: h.firmware,
    signalDbm: h.signal_dbm,
    network: h.network,
    errors: countCodes(h.error_codes),
    ...(h.txn_count !== undefined ? { txnCount: h.txn_count } : {}),
  }));
  // Without an explicit moment the diagnosis is made at the last heartbeat.
  const now = offset !== undefined ? offset * MINUTE_MS : Math.max(0, ...heartbeats.map((h) => h.at));
  return {
    id: s.id,
    ...(s.description !== undefined ? { description: s.description } : {}),
    heartbeats,
    policy,
    now,
    ...(s.expected ? { expected: s.expected } : {}),
  };
}

export interface LocatedScenario {
  scenario: Scenario;
  /** file:line */
  where: string;
}

/**
 * Every scenario of one file, and every problem in it as "file:line: field: reason" (all of
 * them, not only the first). A UTF-8 byte-order mark is accepted; an empty file is a problem.
 */
export function parseScenarioFile(text: string, file: string, base: Policy = defaultPolicy): { scenarios: LocatedScenario[]; errors: string[] } {
  const scenarios: LocatedScenario[] = [];
  const errors: string[] = [];
  const firstLine = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    const where = `${file}:${index + 1}`;
    try {
      const scenario = parseScenarioLine(line, base);
      const seen = firstLine.get(scenario.id);
      if (seen !== undefined) errors.push(`${where}: id: duplicate id "${scenario.id}" (first used on line ${seen})`);
      else firstLine.set(scenario.id, index + 1);
      scenarios.push({ scenario, where });
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      for (const issue of error.issues) errors.push(`${where}: ${issue}`);
    }
  });
  if (scenarios.length === 0 && errors.length === 0) errors.push(`${file}: the file is empty; expected one JSON scenario per line`);
  return { scenarios, errors };
}
