// Diagnoses scenario files: tsx lib/rules/cli.ts [--check] FILE.jsonl...
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CATEGORIES, type Category } from "@/lib/domain/enums";
import { diagnose } from "@/lib/rules/diagnose";
import { parseScenarioLine, type Scenario } from "@/lib/rules/scenario";

export const USAGE = `Usage: diagnose [--check] FILE.jsonl...

Prints one JSON line per scenario: id, status, category, severity, confidence, findings.
  --check   compare each category with expected.category, print a confusion matrix
            and the agreement; exit 1 on any mismatch
  --help    show this help
Exit codes: 0 ok, 1 mismatches under --check, 2 bad usage or bad input.`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  readFile: (path: string) => string;
}

interface Located {
  scenario: Scenario;
  where: string;
}

class InputError extends Error {}

function load(files: string[], io: CliIo): Located[] {
  const all: Located[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = io.readFile(file);
    } catch (error) {
      throw new InputError(`${file}: cannot read file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    text.split(/\r?\n/).forEach((line, index) => {
      if (line.trim() === "") return;
      try {
        all.push({ scenario: parseScenarioLine(line), where: `${file}:${index + 1}` });
      } catch (error) {
        throw new InputError(`${file}:${index + 1}: ${(error as Error).message}`);
      }
    });
  }
  return all;
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

export function runCli(args: string[], io: CliIo): number {
  if (args.includes("--help") || args.includes("-h")) {
    io.out(USAGE);
    return 0;
  }
  const check = args.includes("--check");
  const unknown = args.filter((a) => a.startsWith("-") && a !== "--check");
  const files = args.filter((a) => !a.startsWith("-"));
  if (unknown.length > 0 || files.length === 0) {
    io.err(unknown.length > 0 ? `unknown option ${unknown[0]}` : "no scenario file given");
    io.err(USAGE);
    return 2;
  }
  let scenarios: Located[];
  try {
    scenarios = load(files, io);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    io.err(error.message);
    return 2;
  }
  const pairs: { id: string; where: string; expected: Category; got: Category }[] = [];
  for (const { scenario, where } of scenarios) {
    const d = diagnose(scenario.heartbeats, scenario.policy, scenario.now);
    const findings = d.findings.map((f) => ({ ruleId: f.ruleId, category: f.category, severity: f.severity, message: f.message.en }));
    const { status, category, severity, confidence } = d;
    io.out(JSON.stringify({ id: scenario.id, status, category, severity, confidence, findings }));
    if (scenario.expected) pairs.push({ id: scenario.id, where, expected: scenario.expected.category, got: category });
  }
  if (!check) return 0;
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
  const io: CliIo = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    readFile: (path) => readFileSync(path, "utf8"),
  };
  process.exitCode = runCli(process.argv.slice(2), io);
}
