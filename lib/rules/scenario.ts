import { z } from "zod";
import { CATEGORIES, NETWORKS, type Category } from "@/lib/domain/enums";
import { defaultPolicy, policySchema, type Policy } from "@/lib/rules/policy";
import type { RuleHeartbeat } from "@/lib/rules/types";
import { MINUTE_MS } from "@/lib/rules/window";

// The scenario file format of tests/fixtures/scenarios/README.md: minutes from the start of the window.
const heartbeatSchema = z.object({
  ts: z.number().finite(),
  battery: z.number().min(0).max(100),
  charging: z.boolean(),
  firmware: z.string(),
  signal_dbm: z.number().nullable(),
  network: z.enum(NETWORKS),
  error_codes: z.array(z.string()).default([]),
});

const scenarioSchema = z.object({
  id: z.string().min(1),
  description: z.string().optional(),
  heartbeats: z.array(heartbeatSchema),
  // Unknown context keys are ignored so that files can carry notes for other tools.
  context: z.record(z.string(), z.unknown()).default({}),
  expected: z.object({ category: z.enum(CATEGORIES), reason: z.string().optional() }).optional(),
});

export interface Scenario {
  id: string;
  description?: string;
  heartbeats: RuleHeartbeat[];
  policy: Policy;
  now: number;
  expected?: { category: Category; reason?: string };
}

export class ScenarioError extends Error {}

function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
}

/** Context keys in snake_case override the policy fields of the same name. */
export function policyFromContext(context: Record<string, unknown>, base: Policy = defaultPolicy): Policy {
  const overrides: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(context)) {
    const field = camel(key);
    if (field in base) overrides[field] = value;
  }
  const parsed = policySchema.safeParse({ ...base, ...overrides });
  if (!parsed.success) throw new ScenarioError(`context: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

export function countCodes(codes: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const code of codes) counts[code] = (counts[code] ?? 0) + 1;
  return counts;
}

/** One JSONL line to the arguments of diagnose; throws ScenarioError with a readable reason. */
export function parseScenarioLine(line: string, base: Policy = defaultPolicy): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    throw new ScenarioError(`invalid JSON: ${(error as Error).message}`);
  }
  const parsed = scenarioSchema.safeParse(json);
  if (!parsed.success) throw new ScenarioError(describeIssues(parsed.error));
  const s = parsed.data;
  const heartbeats = s.heartbeats.map((h) => ({
    at: h.ts * MINUTE_MS,
    battery: h.battery,
    charging: h.charging,
    firmware: h.firmware,
    signalDbm: h.signal_dbm,
    network: h.network,
    errors: countCodes(h.error_codes),
  }));
  const offset = s.context["now_offset_min"];
  if (offset !== undefined && (typeof offset !== "number" || !Number.isFinite(offset))) {
    throw new ScenarioError("context.now_offset_min: expected a number of minutes");
  }
  // Without an explicit moment the diagnosis is made at the last heartbeat.
  const now = offset !== undefined ? offset * MINUTE_MS : Math.max(0, ...heartbeats.map((h) => h.at));
  return {
    id: s.id,
    ...(s.description !== undefined ? { description: s.description } : {}),
    heartbeats,
    policy: policyFromContext(s.context, base),
    now,
    ...(s.expected ? { expected: s.expected } : {}),
  };
}
