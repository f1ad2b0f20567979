// The simulator's live status: one line rewritten in place on a terminal, a plain line every
// 10 s otherwise (logs, CI, the demo's output when piped).
import type { PostStats } from "./poster";
import { SHANGHAI_OFFSET_MS } from "@/lib/domain/time";

export class StatusLine {
  private timer: NodeJS.Timeout | null = null;
  private lastPosted = 0;
  private lastAt = Date.now();
  private rate = 0;
  private readonly tty: boolean;

  constructor(
    private readonly stats: PostStats,
    private readonly clock: () => number,
    private readonly out: NodeJS.WriteStream = process.stdout,
  ) {
    this.tty = Boolean(out.isTTY);
  }

  start(): void {
    this.timer = setInterval(() => this.render(), this.tty ? 500 : 10_000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.render();
    if (this.tty) this.out.write("\n");
  }

  /** Prints a message on its own line without tearing the status line. */
  log(message: string): void {
    if (this.tty) this.out.write(`\r\x1b[2K${message}\n`);
    else this.out.write(`${message}\n`);
    if (this.tty) this.render();
  }

  line(): string {
    const s = this.stats;
    const sim = new Date(this.clock() + SHANGHAI_OFFSET_MS).toISOString().replace("T", " ").slice(0, 19);
    return `[${sim} 北京时间] posted ${s.posted}  accepted ${s.accepted}  duplicates ${s.duplicate}  rejected ${s.rejected}  errors ${s.errors}${s.dropped ? `  dropped ${s.dropped}` : ""}  ${this.rate.toFixed(1)} beats/s${s.inFlight ? `  in flight ${s.inFlight}` : ""}`;
  }

  private render(): void {
    const now = Date.now();
    const dt = (now - this.lastAt) / 1000;
    if (dt >= 1) {
      const instant = (this.stats.posted - this.lastPosted) / dt;
      this.rate = this.rate === 0 ? instant : this.rate * 0.6 + instant * 0.4;
      this.lastPosted = this.stats.posted;
      this.lastAt = now;
    }
    if (this.tty) this.out.write(`\r\x1b[2K${this.line()}`);
    else this.out.write(`${this.line()}\n`);
  }
}
