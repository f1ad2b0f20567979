// The demo's progress display: one bar per step (the build and the history run at the same time),
// drawn by cli-progress on a terminal, and plain lines at every tenth when the output is a file or
// a pipe, so a log still tells how far each step got and when it finished.
import cliProgress from "cli-progress";

export type StepUpdate = (fraction: number, detail: string) => void;

export interface Steps {
  /** A new bar for `name`; the update function takes 0..1 and a short detail. */
  add(name: string): StepUpdate;
  /** A line above the bars (on a terminal) or on its own (otherwise). */
  log(line: string): void;
  stop(): void;
}

export function steps(out: NodeJS.WriteStream = process.stderr): Steps {
  if (!out.isTTY) {
    return {
      add(name) {
        let lastTenth = -1;
        let lastDetail = "";
        return (fraction, detail) => {
          const tenth = Math.floor(Math.min(1, fraction) * 10);
          // Every tenth once, and at the end each new detail (a step's summary) too.
          if (tenth === lastTenth && (tenth < 10 || detail === lastDetail)) return;
          lastTenth = tenth;
          lastDetail = detail;
          out.write(`${name}: ${String(tenth * 10).padStart(3)}% ${detail}\n`);
        };
      },
      log: (line) => out.write(`${line}\n`),
      stop: () => undefined,
    };
  }
  const multi = new cliProgress.MultiBar(
    {
      stream: out,
      format: "{name} [{bar}] {percentage}% {detail}",
      barsize: 30,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      autopadding: true,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    add(name) {
      const bar = multi.create(1000, 0, { name: name.padEnd(8), detail: "" });
      return (fraction, detail) => bar.update(Math.round(Math.min(1, fraction) * 1000), { detail });
    },
    log: (line) => multi.log(`${line}\n`),
    stop: () => multi.stop(),
  };
}

/**
 * How far `next build` is, from the last line it printed: Next reports its stages, not a
 * percentage, so each stage maps to the share of the build it usually ends at (compiling is most
 * of it). Returns null for a line that names no stage.
 */
export function buildStage(line: string): { fraction: number; detail: string } | null {
  const pages = /Generating static pages.*\((\d+)\/(\d+)\)/.exec(line);
  if (pages) return { fraction: 0.85 + (0.07 * Number(pages[1])) / Math.max(1, Number(pages[2])), detail: `static pages ${pages[1]}/${pages[2]}` };
  const stages: [RegExp, number, string][] = [
    [/Creating an optimized production build/, 0.02, "compiling"],
    [/Compiled successfully|Compiled with warnings/, 0.75, "compiled"],
    [/Running TypeScript|Skipping validation of types/, 0.78, "types"],
    [/Collecting page data/, 0.82, "collecting page data"],
    [/Finalizing page optimization/, 0.93, "finalizing"],
    [/^Route \(app\)/, 0.96, "writing"],
    [/Finished writing to filesystem cache/, 0.99, "cache written"],
  ];
  for (const [re, fraction, detail] of stages) if (re.test(line)) return { fraction, detail };
  return null;
}
