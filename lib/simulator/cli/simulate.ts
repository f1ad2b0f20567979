// `npm run simulate`: posts heartbeats of the simulated fleet to a running server over HTTP, each
// terminal on its own 5-minute schedule, and injects fault scenarios on request (flags or stdin).
import fs from "node:fs";
import readline from "node:readline";
import { parseArgs } from "node:util";
import { MINUTE_MS, SHANGHAI_OFFSET_MS } from "@/lib/domain/time";
import { FAULT_KINDS, type FaultKind } from "../faults";
import { LiveRunner } from "../live";
import { Poster, PosterFatal } from "../poster";
import { simulationOf } from "../record";
import { checkName, churn, injectScenario, parseScenarioLine, SCENARIO_HELP, SCENARIO_NAMES, ScenarioError, setOption, type Injection, type ScenarioSpec } from "../scenarios";
import type { Simulation } from "../simulation";
import { StatusLine } from "../status";
import { localFleetRecord, numFlag, resolveFleet, timeFlag, UsageError } from "./common";
import { env } from "@/lib/config";

const DEMO_KEY_FILE = "data/demo-ingest-key";

const HELP = `Usage: npm run simulate -- [options]

Posts heartbeats for the simulated fleet to a running server, like real terminals: each terminal
every 5 minutes at its own moment (so some post every second), retried with the same seq when a
request fails. Terminals must exist in the server's database: seed it with the same --seed and
--terminals (npm run db:seed). Without those flags the fleet recorded in the local database
(DATABASE_URL or DATABASE_PATH) is used.

Options
  --url URL              server (default http://127.0.0.1:3000)
  --key KEY              ingest key; or --key-file FILE, or env INGEST_KEY
                         (default: ${DEMO_KEY_FILE} when it exists)
  --seed N               fleet seed (default: the local database's fleet, else 42)
  --terminals N          fleet size (default: the local database's fleet, else 2000)
  --speed X              simulated minutes per real minute (default 1; 60 = one hour per minute)
  --interval-min N       heartbeat interval, minutes (default 5)
  --start TIME           simulated start, ISO or epoch ms (default now)
  --duration-min N       stop after N simulated minutes (default: run until Ctrl-C)
  --no-stdin             do not read scenario commands from stdin
  --churn N              start N random short faults per simulated hour (the demo uses 12)
  --scenario NAME        inject a scenario at the start, with its options:
      --city C --carrier C --version V --count N --share X --minutes N --sn SN --days-ago N
  --inject "LINE"        inject a scenario given as a line (repeatable), e.g. --inject "ped-tamper count=2"

While it runs, type a scenario line and Enter, e.g.
  carrier-outage city=杭州 carrier=中国联通 minutes=90
  heal

Scenarios
${SCENARIO_NAMES.map((n) => `  ${n.padEnd(22)} ${SCENARIO_HELP[n]}`).join("\n")}

Note: the server judges time by its own clock; with --speed above 1 beats arrive faster than
their timestamps say, and device times more than 24 h ahead of the server are refused.
`;

const options = {
  url: { type: "string" },
  key: { type: "string" },
  "key-file": { type: "string" },
  seed: { type: "string" },
  terminals: { type: "string" },
  epoch: { type: "string" },
  days: { type: "string" },
  "fault-share": { type: "string" },
  speed: { type: "string" },
  "interval-min": { type: "string" },
  start: { type: "string" },
  "duration-min": { type: "string" },
  "no-stdin": { type: "boolean" },
  churn: { type: "string" },
  scenario: { type: "string" },
  city: { type: "string" },
  carrier: { type: "string" },
  version: { type: "string" },
  count: { type: "string" },
  share: { type: "string" },
  minutes: { type: "string" },
  sn: { type: "string" },
  "days-ago": { type: "string" },
  inject: { type: "string", multiple: true },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options }>>["values"];

function readKey(v: Values): string {
  const fromFile = (file: string) => {
    try {
      return fs.readFileSync(file, "utf8").trim();
    } catch (err) {
      throw new UsageError(`cannot read the ingest key from ${file}: ${(err as Error).message}`);
    }
  };
  const key = v.key ?? (v["key-file"] ? fromFile(v["key-file"]) : env("INGEST_KEY")) ?? (fs.existsSync(DEMO_KEY_FILE) ? fromFile(DEMO_KEY_FILE) : undefined);
  if (!key) throw new UsageError("no ingest key: pass --key, --key-file or INGEST_KEY (create one with: npm run keys:create -- --agent ROOT)");
  return key;
}

function flagScenario(v: Values): ScenarioSpec | null {
  if (!v.scenario) return null;
  const spec = { name: checkName(v.scenario) } as ScenarioSpec;
  for (const key of ["city", "carrier", "version", "count", "share", "minutes", "sn", "days-ago"] as const) {
    if (v[key] !== undefined) setOption(spec, key, v[key]);
  }
  return spec;
}

export function describeInjection(sim: Simulation, inj: Injection): string {
  const hhmm = (t: number) => new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(11, 16);
  const list = inj.terminals.slice(0, 5).join(", ") + (inj.terminals.length > 5 ? ` … (+${inj.terminals.length - 5})` : "");
  if (inj.name === "heal") return `heal: ended the injected faults of ${inj.terminals.length} terminals`;
  const span = inj.until === null ? `from ${hhmm(inj.at)} until healed` : `from ${hhmm(inj.at)} to ${hhmm(inj.until)}`;
  const cities = new Set(inj.terminals.map((sn) => sim.fleet.merchants[sim.fleet.terminals.find((t) => t.sn === sn)!.merchant]!.city));
  const label = inj.name in FAULT_KINDS ? `${inj.name}（${FAULT_KINDS[inj.name as FaultKind].zh}）` : inj.name;
  return `${label}: ${inj.terminals.length} terminals in ${[...cities].join("、") || "-"} ${span}: ${list}${inj.note ? `\n  note: ${inj.note}` : ""}`;
}

async function main(): Promise<number> {
  const { values: v } = parseArgs({ options, strict: true });
  if (v.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const now = Date.now();
  const record = resolveFleet(v, now, await localFleetRecord());
  const sim = simulationOf(record);
  const key = readKey(v);
  const url = v.url ?? "http://127.0.0.1:3000";
  const speed = numFlag("speed", v.speed, 0.001) ?? 1;
  const intervalMs = (numFlag("interval-min", v["interval-min"], 1) ?? 5) * MINUTE_MS;
  const start = timeFlag("start", v.start) ?? now;
  const durationMin = numFlag("duration-min", v["duration-min"]);
  const churnPerHour = numFlag("churn", v.churn) ?? 0;
  const scenarios = [flagScenario(v), ...(v.inject ?? []).map(parseScenarioLine)].filter((s): s is ScenarioSpec => s !== null);

  let status: StatusLine | null = null;
  const say = (msg: string) => (status ? status.log(msg) : console.log(msg));
  const poster = new Poster({ url, key, onProblem: (m) => say(`! ${m}`) });
  let fatal: Error | null = null;
  const runner = new LiveRunner(sim, poster, {
    start, speed, intervalMs,
    durationMs: durationMin === undefined ? undefined : durationMin * MINUTE_MS,
    onFatal: (err) => (fatal = err),
    onAdvance: (from, to) => churn(sim, from, to, churnPerHour).forEach((inj) => say(describeInjection(sim, inj))),
  });
  status = new StatusLine(poster.stats, () => runner.simNow());

  console.log(`simulating ${sim.fleet.size} terminals (seed ${sim.seed}) → ${url}, every ${intervalMs / MINUTE_MS} min, speed ×${speed}`);
  for (const spec of scenarios) say(describeInjection(sim, injectScenario(sim, spec, start)));

  let rl: readline.Interface | null = null;
  if (!v["no-stdin"]) {
    rl = readline.createInterface({ input: process.stdin, terminal: false });
    if (process.stdin.isTTY) console.log(`type a scenario (e.g. "carrier-outage city=杭州") or "help", then Enter`);
    rl.on("line", (line) => {
      const text = line.trim();
      if (!text) return;
      if (text === "help") return say(SCENARIO_NAMES.map((n) => `  ${n.padEnd(22)} ${SCENARIO_HELP[n]}`).join("\n"));
      try {
        say(describeInjection(sim, injectScenario(sim, parseScenarioLine(text), runner.simNow())));
      } catch (err) {
        if (!(err instanceof ScenarioError)) throw err;
        say(`! ${err.message}`);
      }
    });
  }

  let signals = 0;
  const stop = () => {
    // First signal: finish the requests in flight; a second one: give up on their retries too.
    if (++signals > 1) poster.stop();
    void runner.stop();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  status.start();
  runner.start();
  await runner.done;
  rl?.close();
  status.stop();
  if (fatal) {
    console.error(`stopped: ${(fatal as Error).message}`);
    return 1;
  }
  const s = poster.stats;
  console.log(`done: ${s.posted} posted, ${s.accepted} accepted, ${s.duplicate} duplicates, ${s.rejected} rejected, ${s.errors} failed attempts`);
  return s.dropped > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof ScenarioError || err instanceof PosterFatal || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`${(err as Error).message}\nsee: npm run simulate -- --help`);
      process.exit(2);
    }
    console.error(err);
    process.exit(1);
  },
);
