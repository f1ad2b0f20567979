import { describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS } from "@/lib/domain/time";
import { labelAlert, MIN_EXAMPLES, rankFactor, ruleStats, suggestThreshold, thresholdFieldsOf, type AlertHistory, type Example, type Replay } from "@/lib/rules/learning";

const T0 = Date.UTC(2026, 10, 1);
type Ev = AlertHistory["events"][number];
const ev = (kind: Ev["kind"], at: number, data: Record<string, unknown> = {}): Ev => ({ kind, at, data });
const opened = ev("opened", T0);
const alert = (over: Partial<AlertHistory>): AlertHistory => ({ status: "acknowledged", resolution: null, createdAt: T0, clearedAt: null, resolvedAt: null, events: [opened], ...over });

describe("labelling an alert from its calls and what the heartbeats showed", () => {
  it("is no example when the alert never opened", () => {
    expect(labelAlert(alert({ status: "resolved", resolution: "cleared_before_open", events: [ev("created", T0)] }), T0)).toBeNull();
  });
  it("confirms a phone fix the next heartbeats confirmed, with the time it took", () => {
    const h = alert({
      status: "resolved",
      resolution: "confirmed_by_heartbeat",
      clearedAt: T0 + 3 * HOUR_MS,
      resolvedAt: T0 + 3 * HOUR_MS,
      events: [opened, ev("call_logged", T0 + HOUR_MS, { outcome: "fixed_on_phone" }), ev("resolved", T0 + 3 * HOUR_MS, { resolution: "confirmed_by_heartbeat" })],
    });
    expect(labelAlert(h, T0 + DAY_MS)).toEqual({ label: "confirmed", reason: "fix_confirmed_by_heartbeat", fixedAt: T0 + 3 * HOUR_MS });
  });
  it("confirms a fault that persisted after a phone fix", () => {
    const h = alert({ events: [opened, ev("call_logged", T0 + HOUR_MS, { outcome: "fixed_on_phone" }), ev("fix_not_confirmed", T0 + 2 * HOUR_MS)] });
    expect(labelAlert(h, T0 + DAY_MS)).toMatchObject({ label: "confirmed", reason: "persisted_after_fix", fixedAt: null });
  });
  it("confirms a visit or a person's fix", () => {
    expect(labelAlert(alert({ events: [opened, ev("call_logged", T0, { outcome: "visit_needed" })] }), T0)!.reason).toBe("visit_needed");
    const site = alert({ status: "resolved", resolution: "fixed_on_site", resolvedAt: T0 + DAY_MS, events: [opened, ev("resolved", T0 + DAY_MS, { resolution: "fixed_on_site" })] });
    expect(labelAlert(site, T0 + DAY_MS)).toEqual({ label: "confirmed", reason: "fixed_by_person", fixedAt: T0 + DAY_MS });
  });
  it("calls 'not a problem' a false alarm, unless the problem kept showing past the settling time", () => {
    const fine = alert({ status: "resolved", resolution: "not_a_problem", resolvedAt: T0 + HOUR_MS, events: [opened, ev("resolved", T0 + HOUR_MS, { resolution: "not_a_problem" })] });
    expect(labelAlert(fine, T0 + DAY_MS)).toEqual({ label: "false_alarm", reason: "said_fine", fixedAt: null });
    // The window's old evidence reopens it at once, then it clears within the settling time: still a false alarm.
    const echo = alert({
      status: "resolved",
      resolution: "auto_recovered",
      events: [...fine.events, ev("reopened", T0 + HOUR_MS + 5 * 60_000, { previousResolution: "not_a_problem" }), ev("opened", T0 + HOUR_MS + 5 * 60_000), ev("cleared", T0 + 3 * HOUR_MS), ev("resolved", T0 + 3.25 * HOUR_MS, { resolution: "auto_recovered" })],
    });
    expect(labelAlert(echo, T0 + DAY_MS)).toEqual({ label: "false_alarm", reason: "cleared_after_fine", fixedAt: null });
    const back = alert({ events: [...fine.events, ev("reopened", T0 + 2 * HOUR_MS, { previousResolution: "not_a_problem" }), ev("opened", T0 + 2 * HOUR_MS)] });
    expect(labelAlert(back, T0 + 3 * HOUR_MS)).toMatchObject({ label: "unknown" });
    expect(labelAlert(back, T0 + DAY_MS)).toMatchObject({ label: "confirmed", reason: "persisted_after_fine" });
  });
  it("judges a declining merchant by the heartbeats: cleared soon is a false alarm, still there later is real", () => {
    const declined = [opened, ev("call_logged", T0 + HOUR_MS, { outcome: "merchant_declined" })];
    expect(labelAlert(alert({ events: [...declined, ev("cleared", T0 + 2 * HOUR_MS)], clearedAt: T0 + 2 * HOUR_MS }), T0 + 3 * HOUR_MS)).toMatchObject({ label: "false_alarm", reason: "cleared_after_fine" });
    expect(labelAlert(alert({ events: declined }), T0 + 3 * HOUR_MS)).toMatchObject({ label: "unknown" });
    expect(labelAlert(alert({ events: declined }), T0 + 4 * HOUR_MS)).toMatchObject({ label: "confirmed", reason: "persisted_after_fine" });
    expect(labelAlert(alert({ events: [...declined, ev("cleared", T0 + 10 * HOUR_MS)] }), T0 + DAY_MS)).toMatchObject({ label: "confirmed", reason: "persisted_after_fine" });
    // Cleared for a moment, then back: it is still showing.
    const flicker = [...declined, ev("cleared", T0 + 2 * HOUR_MS), ev("returned", T0 + 2.5 * HOUR_MS)];
    expect(labelAlert(alert({ events: flicker }), T0 + 5 * HOUR_MS)).toMatchObject({ label: "confirmed", reason: "persisted_after_fine" });
  });
  it("leaves unanswered calls and silent recoveries unknown", () => {
    const h = alert({ status: "resolved", resolution: "auto_recovered", clearedAt: T0 + HOUR_MS, resolvedAt: T0 + 2 * HOUR_MS, events: [opened, ev("call_logged", T0, { outcome: "no_answer" }), ev("resolved", T0 + 2 * HOUR_MS, { resolution: "auto_recovered" })] });
    expect(labelAlert(h, T0 + DAY_MS)).toEqual({ label: "unknown", reason: "no_decisive_call", fixedAt: null });
  });
});

describe("statistics per rule and code", () => {
  const now = T0 + 100 * DAY_MS;
  const ex = (ruleId: string, code: string, label: Example["label"], daysAgo: number, fixHours: number | null = null): Example => ({
    ruleId,
    code,
    label,
    raisedAt: now - daysAgo * DAY_MS,
    fixedAt: fixHours === null ? null : now - daysAgo * DAY_MS + fixHours * HOUR_MS,
  });
  const examples = [
    ex("codes.hardware", "T_CARD_READ_FAIL", "confirmed", 5, 2),
    ex("codes.hardware", "T_CARD_READ_FAIL", "false_alarm", 10),
    ex("codes.hardware", "T_CARD_READ_FAIL", "confirmed", 40, 6),
    ex("codes.hardware", "T_PRINTER_FAULT", "unknown", 50),
    ex("codes.hardware", "T_PRINTER_FAULT", "confirmed", 95, 1), // older than 90 days
    ex("signal.weak", "", "false_alarm", 1),
    ex("signal.weak", "", "confirmed", -1), // after now
  ];
  const stats = ruleStats(examples, now);
  it("counts raised, confirmed, false alarms and precision over 30 and 90 days, per rule then per code", () => {
    expect(stats.map((s) => [s.ruleId, s.code])).toEqual([
      ["codes.hardware", null],
      ["codes.hardware", "T_CARD_READ_FAIL"],
      ["codes.hardware", "T_PRINTER_FAULT"],
      ["signal.weak", null],
    ]);
    const [rule, card, printer, weak] = stats;
    expect(rule!.windows[0]).toEqual({ days: 30, raised: 2, confirmed: 1, falseAlarms: 1, unknown: 0, precision: 0.5 });
    expect(rule!.windows[1]).toEqual({ days: 90, raised: 4, confirmed: 2, falseAlarms: 1, unknown: 1, precision: 2 / 3 });
    expect(card!.windows[1]!.raised).toBe(3);
    expect(printer!.windows[1]).toMatchObject({ raised: 1, precision: null });
    expect(weak!.windows[0]).toMatchObject({ raised: 1, confirmed: 0, falseAlarms: 1, precision: 0 });
  });
  it("takes the median time to fix over confirmed, fixed examples of the 90 days", () => {
    expect(stats[0]!.medianFixMs).toBe(4 * HOUR_MS);
    expect(stats[3]!.medianFixMs).toBeNull();
    expect(stats[0]!.enough).toBe(false);
  });
});

describe("the queue rank's factor", () => {
  it("is neutral with too few examples, and lowers a rule that is usually wrong", () => {
    expect(rankFactor(0, MIN_EXAMPLES - 1)).toBe(1);
    expect(rankFactor(MIN_EXAMPLES, 0)).toBe(1);
    expect(rankFactor(15, 5)).toBe(1); // 75 % right
    expect(rankFactor(8, 12)).toBeCloseTo(0.65, 9);
    expect(rankFactor(0, 40)).toBe(0.25);
  });
});

describe("threshold suggestions from replayed alerts", () => {
  // A code rule: 12 false alarms that mostly stop firing at 5 and 6, 2 of the 20 real faults lost from 5 on, all lost at 7.
  const replays: Replay[] = [];
  for (let i = 0; i < 20; i++) replays.push({ label: "confirmed", firesNow: true, firesAt: new Map([[4, true], [5, i >= 2], [6, i >= 2], [7, false]]) });
  for (let i = 0; i < 12; i++) replays.push({ label: "false_alarm", firesNow: true, firesAt: new Map([[4, i >= 6], [5, i >= 10], [6, i >= 11], [7, false]]) });
  it("picks the value with the fewest false alarms that misses at most a tenth of the real faults", () => {
    const s = suggestThreshold("codeThreshold", 3, replays)!;
    expect(s).toMatchObject({ field: "codeThreshold", from: 3, to: 6, examples: 32, missed: 2, avoided: 11 });
    expect(s.falseAlarmShareNow).toBeCloseTo(12 / 32, 9);
    expect(s.falseAlarmShareThen).toBeCloseTo(1 / 19, 9);
  });
  it("says nothing when the rule is mostly right, or rests on too few examples", () => {
    const right = replays.map((r) => ({ ...r, label: "confirmed" as const }));
    expect(suggestThreshold("codeThreshold", 3, right)).toBeNull();
    expect(suggestThreshold("codeThreshold", 3, replays.slice(12, 12 + MIN_EXAMPLES - 1))).toBeNull();
  });
  it("leaves out examples the policy in force no longer raises", () => {
    const stale = replays.map((r) => ({ ...r, firesNow: r.label === "confirmed" }));
    expect(suggestThreshold("codeThreshold", 3, stale)).toBeNull();
  });
  it("names the policy fields behind each rule", () => {
    expect(thresholdFieldsOf("codes.hardware")[0]).toBe("codeThreshold");
    expect(thresholdFieldsOf("signal.weak")).toEqual(["weakSignalBeats", "weakSignalDbm"]);
    expect(thresholdFieldsOf("nothing")).toEqual([]);
  });
});
