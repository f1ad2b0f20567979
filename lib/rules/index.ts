// The public surface of the rules; the app imports from here.
export { diagnose } from "@/lib/rules/diagnose";
export { defaultPolicy, isSevere, policySchema, windowBeatCapacity, type Policy } from "@/lib/rules/policy";
export { describeEvidence, describeFact, formatTime, type Lang } from "@/lib/rules/describe";
export type { Fact, RereadReason } from "@/lib/rules/facts";
export { allCodes, codeCategory, describeCode, type CodeInfo } from "@/lib/rules/catalog";
export { compareVersions, parseVersion, versionProblem } from "@/lib/rules/version";
export { dryRunPolicy, type DryRunResult, type DryRunTerminal } from "@/lib/rules/dry-run";
export { parseScenarioFile, parseScenarioLine, policyFromContext, ScenarioError, type LocatedScenario, type Scenario } from "@/lib/rules/scenario";
export { CATEGORY_PRECEDENCE } from "@/lib/rules/precedence";
export type { Diagnosis, Evidence, Finding, RuleHeartbeat, Text } from "@/lib/rules/types";
