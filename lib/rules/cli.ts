// Diagnoses scenario files: tsx lib/rules/cli.ts [--check] [--json] [--lang zh-CN|en] FILE.jsonl...
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CATEGORIES, type Category, type Confidence, type Severity } from "@/lib/domain/enums";
import { describeEvidence, type Lang } from "@/lib/rules/describe";
import { diagnose } from "@/lib/rules/diagnose";
import { parseScenarioFile, type LocatedScenario } from "@/lib/rules/scenario";
import type { Diagnosis } from "@/lib/rules/types";

export const USAGE = `Usage: diagnose [--check] [--json] [--lang zh-CN|en] FILE.jsonl...

Prints, per scenario, the category, severity and confidence, then each finding with its
evidence sentences and fix steps.
  --check        compare each category with expected.category, print a confusion matrix
                 and the agreement; exit 1 on any mismatch
  --json         one JSON line per scenario instead of text, for machines
  --lang LANG    zh-CN (default) or en
  --help         show this help
Exit codes: 0 ok, 1 mismatches under --check, 2 bad usage or bad input.`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  readFile: (path: string) => string;
}

const LABELS: Record<Lang, { category: Record<Category, string>; severity: Record<Severity, string>; confidence: Record<Confidence, string>; status: Record<Diagnosis["status"], string>; evidence: string; steps: string; none: string; confidenceWord: string }> = {
  "zh-CN": {
    category: { healthy: "健康", hardware: "硬件故障", network: "网络问题", operation: "操作问题", policy_firmware: "策略/固件" },
    severity: { ok: "正常", warning: "警告", critical: "严重" },
    confidence: { high: "高", low: "低" },
    status: { online: "在线", offline: "离线" },
    evidence: "依据",
    steps: "处理步骤",
    none: "未发现问题",
    confidenceWord: "置信度",
  },
  en: {
    category: { healthy: "healthy", hardware: "hardware", network: "network", operation: "operation", policy_firmware: "policy/firmware" },
    severity: { ok: "ok", warning: "warning", critical: "critical" },
    confidence: { high: "high", low: "low" },
    status: { online: "online", offline: "offline" },
    evidence: "Evidence",
    steps: "Steps",
    none: "No problems found",
    confidenceWord: "confidence",
  },
};

class UsageError extends Error {}

interface Options {
  check: boolean;
  json: boolean;
  lang: Lang;
  files: string[];
}

function parseArgs(args: string[]): Options {
  const options: Options = { check: false, json: false, lang: "zh-CN", files: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--check") options.check = true;
    else if (arg === "--json") options.json = true;
    else if (arg === "--lang" || arg.startsWith("--lang=")) {
      const value = arg === "--lang" ? args[++i] : arg.slice("--lang=".length);
      if (value !== "zh-CN" && value !== "en") throw new UsageError(`--lang must be zh-CN or en, got ${value === undefined ? "nothing" : JSON.stringify(value)}`);
      options.lang = value;
    } else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else options.files.push(arg);
  }
  if (options.files.length === 0) throw new UsageError("no scenario file given");
  return options;
}

function load(files: string[], io: CliIo): { scenarios: LocatedScenario[]; errors: string[] } {
  const scenarios: LocatedScenario[] = [];
  const errors: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = io.readFile(file);
    } catch (error) {
      errors.push(`${file}: cannot read file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      continue;
    }
    const parsed = parseScenarioFile(text, file);
    scenarios.push(...parsed.scenarios);
    errors.push(...parsed.errors);
  }
  return { scenarios, errors };
}

export function confusionMatrix(pairs: { expected: Category; got: Category }[]): string[] {
  const width = Math.max(...CATEGORIES.map((c) => c.length)) + 2;
  const pad = (s: string) => s.padStart(width);
  const lines = ["confusion matrix (rows: expected, columns: got)", "expected \\ got".padEnd(width) + CATEGORIES.map(pad).join("")];
  for (const row of CATEGORIES) {
    const cells = CATEGORIES.map((col) => pad(String(pairs.filter((p) => p.expected === row && p.got === col).length)));
    lines.push(row.padEnd(width) + cells.join(""));
  }
  return lines;
}

/** The diagnosis of one scenario as readable lines. */
export function renderText(id: string, d: Diagnosis, lang: Lang): string[] {
  const L = LABELS[lang];
  const sep = lang === "en" ? ", " : "，";
  const colon = lang === "en" ? ":" : "：";
  const lines = [
    `${id}  ${L.category[d.category]} · ${L.severity[d.severity]} · ${L.confidenceWord} ${L.confidence[d.confidence]} · ${L.status[d.status]}`,
  ];
  if (d.findings.length === 0) lines.push(`  ${L.none}`);
  for (const f of d.findings) {
    lines.push(`  [${f.ruleId}] ${L.category[f.category]}${sep}${L.severity[f.severity]}${f.confidence === "low" ? `${sep}${L.confidenceWord} ${L.confidence.low}` : ""}`);
    lines.push(`    ${L.evidence}${colon}`);
    for (const sentence of describeEvidence(f, lang)) lines.push(`      - ${sentence}`);
    lines.push(`    ${L.steps}${colon}`);
    (lang === "en" ? f.steps.en : f.steps.zh).forEach((step, i) => lines.push(`      ${i + 1}. ${step}`));
  }
  return lines;
}

/** The diagnosis of one scenario as one JSON object, in the chosen language. */
export function renderJson(id: string, d: Diagnosis, lang: Lang): Record<string, unknown> {
  const { status, category, severity, confidence } = d;
  const findings = d.findings.map((f) => ({
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    confidence: f.confidence ?? "high",
    message: lang === "en" ? f.message.en : f.message.zh,
    evidence: describeEvidence(f, lang),
    steps: lang === "en" ? f.steps.en : f.steps.zh,
  }));
  return { id, status, category, severity, confidence, findings };
}

export function runCli(args: string[], io: CliIo): number {
  if (args.includes("--help") || args.includes("-h")) {
    io.out(USAGE);
    return 0;
  }
  let options: Options;
  try {
    options = parseArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(error.message);
    io.err(USAGE);
    return 2;
  }
  const { scenarios, errors } = load(options.files, io);
  if (errors.length > 0) {
    for (const line of errors) io.err(line);
    io.err(`${errors.length} ${errors.length === 1 ? "problem" : "problems"} in the scenario files; nothing was diagnosed`);
    return 2;
  }
  const pairs: { id: string; where: string; expected: Category; got: Category }[] = [];
  for (const { scenario, where } of scenarios) {
    const d = diagnose(scenario.heartbeats, scenario.policy, scenario.now);
    if (options.json) io.out(JSON.stringify(renderJson(scenario.id, d, options.lang)));
    else for (const line of renderText(scenario.id, d, options.lang)) io.out(line);
    if (scenario.expected) pairs.push({ id: scenario.id, where, expected: scenario.expected.category, got: d.category });
  }
  if (!options.check) return 0;
  const unlabelled = scenarios.length - pairs.length;
  const agree = pairs.filter((p) => p.expected === p.got).length;
  const pct = pairs.length === 0 ? 0 : (100 * agree) / pairs.length;
  for (const line of confusionMatrix(pairs)) io.out(line);
  io.out(`agreement ${agree}/${pairs.length} (${pct.toFixed(1)}%)${unlabelled > 0 ? `, ${unlabelled} without expected.category` : ""}`);
  const mismatches = pairs.filter((p) => p.expected !== p.got);
  if (mismatches.length > 0) {
    io.out("mismatches:");
    for (const m of mismatches) io.out(`  ${m.id} (${m.where}): expected ${m.expected}, got ${m.got}`);
  }
  return mismatches.length > 0 || pairs.length === 0 ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // A reader that stops early (| head) is not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(process.exitCode ?? 0);
  });
  const io: CliIo = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    readFile: (path) => readFileSync(path, "utf8"),
  };
  process.exitCode = runCli(process.argv.slice(2), io);
}
