import { beforeAll, describe, expect, it } from "vitest";
import { getTerminalDetail, terminalHeartbeats } from "@/db/queries/terminal-detail";
import { AppError } from "@/lib/errors";
import { NOW, seeded, type Seeded } from "./seeded";

let ctx: Seeded;
beforeAll(async () => {
  ctx = await seeded();
});

describe("getTerminalDetail", () => {
  it("returns the merchant, agent and current diagnosis of a terminal in scope", async () => {
    const t = ctx.fleet.terminals.find((x) => x.scenario === "low_battery" && x.agent === "HZ")!;
    const d = await getTerminalDetail(ctx.db, ctx.scopeOf("EAST"), t.sn);
    const o = ctx.oracle.find((r) => r.sn === t.sn)!;
    expect(d.merchant.name).toBe(t.merchant);
    expect(d.merchant.contactName).toMatch(/老板$/);
    expect(d.agent.name).toBe("杭州子代理");
    expect(d.state).toMatchObject({ category: o.category, severity: o.severity, batteryPct: o.battery });
    expect(d.state!.findings.length).toBeGreaterThan(0);
    expect(d.state!.findings[0]!.steps.zh.length).toBeGreaterThan(0);
  });

  it("answers not found for an unknown serial and for a terminal of another subtree", async () => {
    const south = ctx.fleet.terminals.find((x) => x.agent === "SOUTH")!;
    for (const [scope, sn] of [["EAST", south.sn], ["ROOT", "NOPE0000"]] as const) {
      try {
        await getTerminalDetail(ctx.db, ctx.scopeOf(scope), sn);
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).code).toBe("not_found");
      }
    }
    expect((await getTerminalDetail(ctx.db, ctx.scopeOf("SOUTH"), south.sn)).terminal.sn).toBe(south.sn);
  });
});

describe("terminalHeartbeats", () => {
  it("reads the terminal's beats newest first with their codes", async () => {
    const t = ctx.fleet.terminals.find((x) => x.scenario === "operation_codes")!;
    const beats = await terminalHeartbeats(ctx.db, t.id, { since: NOW - 24 * 3_600_000 });
    expect(beats.length).toBe(49); // one beat every 30 min over 24 h, both ends included
    expect(beats[0]!.receivedAt).toBe(NOW);
    expect(beats.every((b, i) => i === 0 || b.seq < beats[i - 1]!.seq)).toBe(true);
    expect(beats[0]!.errors).toEqual({ "13": 2 });
  });
});
