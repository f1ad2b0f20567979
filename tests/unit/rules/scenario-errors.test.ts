import { describe, expect, it } from "vitest";
import { heartbeatSchema as ingestHeartbeat } from "@/lib/ingest/schema";
import { runCli, type CliIo } from "@/lib/rules/cli";
import { parseScenarioFile } from "@/lib/rules/scenario";

const hb = (over: object = {}) => ({ ts: 0, battery: 80, charging: false, firmware: "2.4.1", signal_dbm: -70, network: "4G", error_codes: [], ...over });
const line = (over: object = {}, beat: object = {}) =>
  JSON.stringify({ id: "S1", heartbeats: [hb(beat), hb({ ts: 5, ...beat })], context: { now_offset_min: 10 }, expected: { category: "healthy" }, ...over });
const errorsOf = (text: string) => parseScenarioFile(text, "f.jsonl").errors;

describe("bad scenario files: every error names file, line and the field as written", () => {
  it("lists every error of the file, not only the first", () => {
    const text = [line({}, { signal_dbm: 50 }), line({ id: "S2" }), line({ id: "S3", context: { min_firmwre: "2.3.0", now_offset_min: 10 } }, { firmware: "" })].join("\n");
    const errors = errorsOf(text);
    expect(errors).toEqual([
      "f.jsonl:1: heartbeats[0].signal_dbm: Too big: expected number to be <=-20",
      "f.jsonl:1: heartbeats[1].signal_dbm: Too big: expected number to be <=-20",
      "f.jsonl:3: heartbeats[0].firmware: Too small: expected string to have >=1 characters",
      "f.jsonl:3: heartbeats[1].firmware: Too small: expected string to have >=1 characters",
      "f.jsonl:3: context.min_firmwre: unknown key (did you mean min_firmware?)",
    ]);
  });

  it("uses the snake_case names of the file for policy fields", () => {
    expect(errorsOf(line({ context: { min_firmware: "new", code_threshold: 0 } }))).toEqual([
      "f.jsonl:1: context.code_threshold: Too small: expected number to be >=1",
      "f.jsonl:1: context.min_firmware: expected a dotted numeric version such as 2.3.0",
    ]);
    expect(errorsOf(line({ context: { minFirmware: "2.3.0" } }))[0]).toMatch(/^f\.jsonl:1: context\.minFirmware: unknown key/);
  });

  it("unknown keys anywhere are errors", () => {
    expect(errorsOf(line({ expectd: { category: "healthy" } }))).toEqual(["f.jsonl:1: expectd: unknown key (did you mean expected?)"]);
    expect(errorsOf(line({}, { signal: -70 }))[0]).toBe("f.jsonl:1: heartbeats[0].signal: unknown key");
    expect(errorsOf(line({ expected: { category: "healthy", reson: "x" } }))).toEqual(["f.jsonl:1: expected.reson: unknown key (did you mean reason?)"]);
  });

  it("accepts a UTF-8 byte-order mark and CRLF line ends", () => {
    const { scenarios, errors } = parseScenarioFile(`\uFEFF${line()}\r\n${line({ id: "S2" })}\r\n`, "f.jsonl");
    expect(errors).toEqual([]);
    expect(scenarios.map((s) => [s.scenario.id, s.where])).toEqual([["S1", "f.jsonl:1"], ["S2", "f.jsonl:2"]]);
  });

  it("an empty file says so", () => {
    expect(errorsOf("")).toEqual(["f.jsonl: the file is empty; expected one JSON scenario per line"]);
    expect(errorsOf("\uFEFF\n  \n")).toEqual(["f.jsonl: the file is empty; expected one JSON scenario per line"]);
  });

  it("duplicate ids are errors", () => {
    expect(errorsOf([line(), line({ id: "S2" }), line()].join("\n"))).toEqual(['f.jsonl:3: id: duplicate id "S1" (first used on line 1)']);
  });

  it("a heartbeat after the moment of the diagnosis is rejected", () => {
    expect(errorsOf(line({ context: { now_offset_min: 3 } }))).toEqual([
      "f.jsonl:1: heartbeats[1].ts: 5 is after now_offset_min 3; a heartbeat cannot come from the future, fix the terminal's clock",
    ]);
  });

  it("values production rejects are rejected with the ingest API's words", () => {
    const cases: [object, string, string][] = [
      [{ signal_dbm: 50 }, "signal_dbm", "signal_dbm"],
      [{ signal_dbm: -150 }, "signal_dbm", "signal_dbm"],
      [{ signal_dbm: -70.5 }, "signal_dbm", "signal_dbm"],
      [{ firmware: "" }, "firmware", "firmware"],
      [{ firmware: "x".repeat(33) }, "firmware", "firmware"],
      [{ battery: 101 }, "battery", "battery_pct"],
      [{ network: "5G" }, "network", "network"],
    ];
    const ingestBase = { sn: "SN1", seq: 1, ts: 0, battery_pct: 80, charging: false, firmware: "2.4.1", signal_dbm: -70, network: "4G", txn_count: 0 };
    for (const [bad, ours, theirs] of cases) {
      const mine = errorsOf(line({ heartbeats: [hb(bad)] }))[0]!;
      const value = Object.values(bad)[0];
      const ingest = ingestHeartbeat.safeParse({ ...ingestBase, [theirs]: value });
      expect(ingest.success).toBe(false);
      const words = ingest.error!.issues[0]!.message;
      expect(mine).toBe(`f.jsonl:1: heartbeats[0].${ours}: ${words}`);
    }
    const code = errorsOf(line({ heartbeats: [hb({ error_codes: ["t_card_read_fail!"] })] }))[0]!;
    const ingest = ingestHeartbeat.safeParse({ ...ingestBase, errors: { "t_card_read_fail!": 1 } });
    // The ingest API reports a bad code as a bad record key; the words for the code itself are the same.
    const inner = (ingest.error!.issues[0] as { issues?: { message: string }[] }).issues![0]!.message;
    expect(code).toBe(`f.jsonl:1: heartbeats[0].error_codes[0]: ${inner}`);
  });

  it("the CLI prints all errors of all files and exits 2 without diagnosing", () => {
    const out: string[] = [];
    const err: string[] = [];
    const files: Record<string, string> = { "a.jsonl": line({}, { signal_dbm: 50 }), "b.jsonl": "" };
    const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), readFile: (p) => files[p]! };
    expect(runCli(["--check", "a.jsonl", "b.jsonl"], io)).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual([
      "a.jsonl:1: heartbeats[0].signal_dbm: Too big: expected number to be <=-20",
      "a.jsonl:1: heartbeats[1].signal_dbm: Too big: expected number to be <=-20",
      "b.jsonl: the file is empty; expected one JSON scenario per line",
      "3 problems in the scenario files; nothing was diagnosed",
    ]);
  });
});
