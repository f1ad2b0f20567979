import { batteryFindings } from "@/lib/rules/findings/battery";
import { codeFindings } from "@/lib/rules/findings/codes";
import type { RuleContext } from "@/lib/rules/findings/context";
import { firmwareFindings } from "@/lib/rules/findings/firmware";
import { inferOfflineCause, offlineFinding } from "@/lib/rules/findings/offline";
import { relocation, type RegisteredPlace } from "@/lib/rules/findings/relocation";
import { batteryWearFinding, type WearInput } from "@/lib/rules/findings/battery-wear";
import { weakSignalFinding } from "@/lib/rules/findings/signal";
import type { Policy } from "@/lib/rules/policy";
import { sortFindings } from "@/lib/rules/precedence";
import type { Diagnosis, Finding, RuleHeartbeat } from "@/lib/rules/types";
import { batterySeries, MINUTE_MS, selectWindow, sortBeats } from "@/lib/rules/window";

/** Every rule over one window, in no particular order. */
export function windowFindings(ctx: RuleContext): Finding[] {
  const weak = weakSignalFinding(ctx);
  return [
    ...(weak ? [weak] : []),
    ...batteryFindings(ctx),
    ...firmwareFindings(ctx),
    ...codeFindings(ctx, weak !== null),
  ];
}

/**
 * Diagnoses one terminal from its heartbeats at the moment `now` (epoch ms). Pure: the same
 * input gives the same output whatever the order of the heartbeats. Beats after `now` are not
 * yet known at `now` and are ignored.
 *
 * `place` is the terminal's registered place (registeredPlace()): when given, the positions in
 * the window are judged against it (place.relocated); null means it is unknown and nothing is
 * judged; leaving it out (policy dry runs, old callers) skips the rule the same way.
 *
 * `wear` is the terminal's stored battery wear estimate (computed by the sweep from the daily
 * battery rollup); when it predicts the battery stops lasting a trading day within the policy's
 * horizon, the `battery.wear` finding is added. Absent or null: no finding.
 */
export function diagnose(heartbeats: readonly RuleHeartbeat[], policy: Policy, now: number, place?: RegisteredPlace | null, wear?: WearInput | null): Diagnosis {
  const sorted = sortBeats(heartbeats).filter((h) => h.at <= now);
  const last = sorted.at(-1);
  if (!last) {
    // Nothing to go on; warning rather than critical because a unit that never reported is
    // usually still in stock, not a working terminal that stopped.
    const never = offlineFinding(
      null,
      now,
      { category: "hardware", cause: "never_reported", confidence: "low", inferredFrom: [] },
      "warning",
      policy.expectedIntervalMin,
    );
    return finish("offline", [never], null);
  }
  const offline = now - last.at > policy.offlineAfterMin * MINUTE_MS;
  // An offline terminal is judged on its last evidence: the window ending at its last beat.
  const beats = selectWindow(sorted, offline ? last.at : now, policy);
  const ctx: RuleContext = { beats, policy, battery: batterySeries(beats, policy) };
  const findings = windowFindings(ctx);
  if (place) {
    const moved = relocation(
      beats.map((b) => ({ at: b.at, lat: b.lat ?? null, lon: b.lon ?? null })),
      place,
      policy,
    );
    if (moved.kind === "away") findings.push(moved.finding);
  }
  const worn = batteryWearFinding(wear, policy, now);
  if (worn) findings.push(worn);
  if (offline) {
    const inference = inferOfflineCause(beats, ctx.battery, policy, findings);
    findings.push(offlineFinding(last.at, now, inference, "critical", policy.expectedIntervalMin));
  }
  return finish(offline ? "offline" : "online", findings, last.at);
}

function finish(status: Diagnosis["status"], findings: Finding[], lastHeartbeatAt: number | null): Diagnosis {
  const sorted = sortFindings(findings);
  const primary = sorted[0];
  if (!primary) {
    return { status, category: "healthy", severity: "ok", confidence: "high", findings: [], lastHeartbeatAt };
  }
  return {
    status,
    category: primary.category,
    severity: primary.severity,
    confidence: primary.confidence ?? "high",
    findings: sorted,
    lastHeartbeatAt,
  };
}
