import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli, type CliIo } from "@/lib/rules/cli";

const EXAMPLES = "tests/fixtures/scenarios/examples.jsonl";
const MORE = "tests/fixtures/scenarios/more.jsonl";

function cli(args: string[], files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    readFile: (path) => {
      if (path in files) return files[path]!;
      return readFileSync(path, "utf8");
    },
  };
  const code = runCli(args, io);
  return { code, out, err };
}

const scenario = (id: string, category: string, fw = "2.4.1") =>
  JSON.stringify({
    id,
    heartbeats: [0, 5, 10].map((ts) => ({ ts, battery: 80, charging: false, firmware: fw, signal_dbm: -70, network: "4G", error_codes: [] })),
    context: { now_offset_min: 15 },
    expected: { category },
  });

describe("diagnose CLI", () => {
  it("--check agrees with all ten reference examples", () => {
    const { code, out } = cli(["--check", "--json", EXAMPLES]);
    expect(out.filter((l) => l.startsWith("{")).length).toBe(10);
    expect(out).toContain("agreement 10/10 (100.0%)");
    expect(code).toBe(0);
  });

  it("--check agrees with every scenario file of the folder", () => {
    const files = readdirSync("tests/fixtures/scenarios").filter((f) => f.endsWith(".jsonl")).map((f) => `tests/fixtures/scenarios/${f}`);
    const { code, out } = cli(["--check", ...files]);
    expect(out.at(-1)).toMatch(/^agreement (\d+)\/\1 \(100\.0%\)$/);
    expect(code).toBe(0);
  });

  it("--check agrees with the extra labelled scenarios", () => {
    const { code, out } = cli(["--check", MORE]);
    expect(out.at(-1)).toMatch(/^agreement (\d+)\/\1 \(100\.0%\)$/);
    expect(code).toBe(0);
  });

  it("--json prints one compact JSON line per scenario, in the chosen language", () => {
    const { code, out } = cli(["--json", "--lang", "en", "a.jsonl"], { "a.jsonl": `${scenario("A", "healthy", "2.2.0")}\n\n` });
    expect(code).toBe(0);
    const line = JSON.parse(out[0]!);
    expect(line).toMatchObject({ id: "A", status: "online", category: "policy_firmware", severity: "warning", confidence: "high" });
    expect(line.findings).toEqual([
      {
        ruleId: "firmware.below_min",
        category: "policy_firmware",
        severity: "warning",
        confidence: "high",
        message: "Firmware 2.2.0 is below the required minimum 2.3.0 (on it since 08:00)",
        evidence: ["Firmware 2.2.0 is below the required minimum 2.3.0 (on it since 08:00)"],
        steps: expect.arrayContaining([expect.stringMatching(/^Ask the merchant/)]),
      },
    ]);
    const zh = JSON.parse(cli(["--json", "a.jsonl"], { "a.jsonl": scenario("A", "healthy", "2.2.0") }).out[0]!);
    expect(zh.findings[0].message).toBe("固件 2.2.0 低于最低要求版本 2.3.0（自 08:00 起）");
  });

  it("prints text by default: category, severity, confidence, evidence sentences and steps (zh-CN)", () => {
    const { code, out } = cli(["a.jsonl"], { "a.jsonl": scenario("A", "healthy", "2.2.0") });
    expect(code).toBe(0);
    expect(out[0]).toBe("A  策略/固件 · 警告 · 置信度 高 · 在线");
    expect(out).toContain("      - 固件 2.2.0 低于最低要求版本 2.3.0（自 08:00 起）");
    expect(out.some((l) => /^ {6}1\. 请商户/.test(l))).toBe(true);
    const en = cli(["--lang=en", "a.jsonl"], { "a.jsonl": scenario("A", "healthy") }).out;
    expect(en).toEqual(["A  healthy · ok · confidence high · online", "  No problems found"]);
  });

  it("--check lists mismatches with their ids, prints the matrix and exits 1", () => {
    const text = [scenario("OK1", "healthy"), scenario("BAD1", "network")].join("\n");
    const { code, out } = cli(["--check", "m.jsonl"], { "m.jsonl": text });
    expect(code).toBe(1);
    expect(out).toContain("agreement 1/2 (50.0%)");
    expect(out).toContain("  BAD1 (m.jsonl:2): expected network, got healthy");
    const row = out.find((l) => l.startsWith("network "))!;
    expect(row.trim().split(/\s+/).slice(1)).toEqual(["1", "0", "0", "0", "0"]);
  });

  it("a missing file exits 2 naming the file", () => {
    const { code, err } = cli(["--check", "/nowhere/x.jsonl"]);
    expect(code).toBe(2);
    expect(err[0]).toMatch(/^\/nowhere\/x\.jsonl: cannot read file \(ENOENT\)/);
  });

  it("a bad line exits 2 naming the file and line, before printing anything", () => {
    const { code, out, err } = cli(["b.jsonl"], { "b.jsonl": `${scenario("A", "healthy")}\n{oops\n` });
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err[0]).toMatch(/^b\.jsonl:2: invalid JSON/);
  });

  it("--help prints usage; no file, an unknown option or language is a usage error", () => {
    expect(cli(["--help"]).out[0]).toMatch(/^Usage: diagnose/);
    expect(cli([]).code).toBe(2);
    expect(cli(["--fast", EXAMPLES]).code).toBe(2);
    expect(cli(["--lang", "fr", EXAMPLES]).err[0]).toMatch(/--lang must be zh-CN or en/);
  });
});
