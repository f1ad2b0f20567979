import { beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "@/db/audit";
import { getPolicy } from "@/db/policy";
import { listPolicyVersions } from "@/db/queries/auth-policy";
import { authenticateIngestKey } from "@/lib/auth/ingest-keys";
import { createKey, listKeys, revokeKey } from "@/lib/auth/ingest-key-admin";
import { dryRunPolicyChange, revertPolicy, savePolicyChange } from "@/lib/auth/policy-settings";
import { AppError } from "@/lib/errors";
import { ingestHeartbeats } from "@/lib/ingest/ingest";
import { defaultPolicy } from "@/lib/rules/policy";
import { beat, freshDb, makeTerminal, T0 } from "../helpers/db";
import { authNetwork } from "./helpers/auth-network";

const db = freshDb();
let net: Awaited<ReturnType<typeof authNetwork>>;
const now = T0 + 3 * 300_000 + 60_000;
let oldFw: { sn: string; id: number };
let southOld: { sn: string; id: number };

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (e) {
    return e instanceof AppError ? e.code : `unexpected ${String(e)}`;
  }
}

beforeAll(async () => {
  net = await authNetwork(db);
  oldFw = makeTerminal(db, net.agents.hz.id);
  const fine = makeTerminal(db, net.agents.east.id);
  southOld = makeTerminal(db, net.agents.south.id);
  const items = [1, 2, 3].flatMap((s) => [beat(oldFw.sn, s, { firmware: "2.2.0" }), beat(fine.sn, s), beat(southOld.sn, s, { firmware: "2.2.0" })]);
  ingestHeartbeats(db, { agentId: net.agents.root.id, agentPath: net.agents.root.path }, items, now, defaultPolicy);
});

const category = (id: number) => (db.$client.prepare(`SELECT category FROM terminal_state WHERE terminal_id = ?`).get(id) as { category: string }).category;

describe("policy settings", () => {
  it("dry-runs a candidate: lists exactly the terminals that would change, writes nothing", () => {
    expect(category(oldFw.id)).toBe("policy_firmware");
    const r = dryRunPolicyChange(db, net.scopes.admin, { ...defaultPolicy, minFirmware: "2.0.0" }, now);
    expect(r).toEqual({
      changed: 2,
      total: 3,
      items: expect.arrayContaining([{ sn: oldFw.sn, from: "policy_firmware", to: "healthy" }, { sn: southOld.sn, from: "policy_firmware", to: "healthy" }]),
    });
    expect(dryRunPolicyChange(db, net.scopes.admin, defaultPolicy, now).changed).toBe(0);
    expect(category(oldFw.id)).toBe("policy_firmware");
    expect(getPolicy(db).minFirmware).toBe("2.3.0");
  });

  it("refuses an invalid policy listing each field to fix", () => {
    try {
      dryRunPolicyChange(db, net.scopes.admin, { ...defaultPolicy, minFirmware: "abc", weakSignalDbm: 20, lowBatteryPct: 3 }, now);
      expect.unreachable();
    } catch (e) {
      const err = e as AppError;
      expect(err.code).toBe("validation");
      const fields = (err.details!.issues as { field: string; code: string }[]).map((i) => i.field);
      expect(fields).toEqual(expect.arrayContaining(["minFirmware", "weakSignalDbm", "criticalBatteryPct"]));
    }
    expect(codeOf(() => savePolicyChange(db, net.scopes.admin, { minFirmware: "2.0.0" }, now))).toBe("validation");
    expect(listPolicyVersions(db)).toHaveLength(0);
  });

  it("is changed only by admins of the top agent", () => {
    const candidate = { ...defaultPolicy, minFirmware: "2.0.0" };
    expect(codeOf(() => savePolicyChange(db, net.scopes.east, candidate, now))).toBe("forbidden");
    expect(codeOf(() => savePolicyChange(db, net.scopes.hz, candidate, now))).toBe("forbidden");
    expect(codeOf(() => savePolicyChange(db, net.scopes.southAdmin, candidate, now))).toBe("forbidden");
    expect(codeOf(() => dryRunPolicyChange(db, net.scopes.southAdmin, candidate, now))).toBe("forbidden");
  });

  it("saves, re-diagnoses the fleet, records history and audit, and reverts", () => {
    const first = savePolicyChange(db, net.scopes.admin, { ...defaultPolicy, minFirmware: "2.0.0" }, now);
    expect(first.changed).toBe(2);
    expect(category(oldFw.id)).toBe("healthy");
    expect(getPolicy(db).minFirmware).toBe("2.0.0");
    const audit = listAudit(db, net.scopes.admin, { action: "policy.saved" }).rows[0]!;
    expect(audit).toMatchObject({ actor: "admin@x.test", before: { minFirmware: "2.3.0" }, after: { minFirmware: "2.0.0" } });

    const second = savePolicyChange(db, net.scopes.admin, { ...defaultPolicy, minFirmware: "2.3.0" }, now + 1);
    expect(category(oldFw.id)).toBe("policy_firmware");
    const back = revertPolicy(db, net.scopes.admin, first.versionId, now + 2);
    expect(back.changed).toBe(2);
    expect(category(oldFw.id)).toBe("healthy");
    const versions = listPolicyVersions(db);
    expect(versions.map((v) => v.id)).toEqual([back.versionId, second.versionId, first.versionId]);
    expect(versions[0]!.revertedFromId).toBe(first.versionId);
    expect(codeOf(() => revertPolicy(db, net.scopes.admin, 9999, now))).toBe("not_found");
    expect(codeOf(() => revertPolicy(db, net.scopes.east, first.versionId, now))).toBe("forbidden");
  });
});

describe("ingest keys from settings", () => {
  it("creates a key for an agent in scope, shows it once, and revokes it at once", () => {
    const k = createKey(db, net.scopes.admin, { label: "杭州网关", agent: "HZ" }, now);
    expect(authenticateIngestKey(db, `Bearer ${k.key}`, now)).toMatchObject({ agentId: net.agents.hz.id });
    expect(listKeys(db, net.scopes.admin).find((x) => x.id === k.id)).toMatchObject({ label: "杭州网关", agentCode: "HZ", revokedAt: null });
    expect(JSON.stringify(listKeys(db, net.scopes.admin))).not.toContain(k.key);
    revokeKey(db, net.scopes.admin, k.id, now);
    expect(() => authenticateIngestKey(db, `Bearer ${k.key}`, now)).toThrow(/revoked/);
    expect(codeOf(() => revokeKey(db, net.scopes.admin, k.id, now))).toBe("ok");
  });
  it("refuses bad input, unknown ids, other tenants' keys and non-admins", () => {
    expect(codeOf(() => createKey(db, net.scopes.admin, { label: "", agent: "HZ" }, now))).toBe("validation");
    expect(codeOf(() => createKey(db, net.scopes.southAdmin, { label: "x", agent: "HZ" }, now))).toBe("validation");
    expect(codeOf(() => createKey(db, net.scopes.east, { label: "x", agent: "HZ" }, now))).toBe("forbidden");
    const k = createKey(db, net.scopes.admin, { label: "east", agent: "EAST" }, now);
    expect(codeOf(() => revokeKey(db, net.scopes.southAdmin, k.id, now))).toBe("not_found");
    expect(codeOf(() => revokeKey(db, net.scopes.admin, 777777, now))).toBe("not_found");
    expect(listKeys(db, net.scopes.southAdmin).some((x) => x.id === k.id)).toBe(false);
  });
});
