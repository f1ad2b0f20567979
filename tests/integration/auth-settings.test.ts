import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "@/db/audit";
import { getPolicy } from "@/db/policy";
import { listPolicyVersions } from "@/db/queries/policy-admin";
import { authenticateIngestKey } from "@/lib/auth/ingest-keys";
import { createKey, listKeys, revokeKey } from "@/lib/auth/ingest-key-admin";
import { dryRunPolicyChange, revertPolicy, savePolicyChange } from "@/lib/policy/admin";
import { AppError } from "@/lib/errors";
import { ingestHeartbeats } from "@/lib/ingest/ingest";
import { defaultPolicy } from "@/lib/rules/policy";
import { beat, freshDb, makeTerminal, T0 } from "../helpers/db";
import { authNetwork } from "./helpers/auth-network";

const db = await freshDb();
let net: Awaited<ReturnType<typeof authNetwork>>;
const now = T0 + 3 * 300_000 + 60_000;
let oldFw: { sn: string; id: number };
let southOld: { sn: string; id: number };

async function codeOf(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
    return "ok";
  } catch (e) {
    return e instanceof AppError ? e.code : `unexpected ${String(e)}`;
  }
}

beforeAll(async () => {
  net = await authNetwork(db);
  oldFw = await makeTerminal(db, net.agents.hz.id);
  const fine = await makeTerminal(db, net.agents.east.id);
  southOld = await makeTerminal(db, net.agents.south.id);
  const items = [1, 2, 3].flatMap((s) => [beat(oldFw.sn, s, { firmware: "2.2.0" }), beat(fine.sn, s), beat(southOld.sn, s, { firmware: "2.2.0" })]);
  await ingestHeartbeats(db, { agentId: net.agents.root.id, agentPath: net.agents.root.path }, items, now, defaultPolicy);
});
afterAll(async () => {
  await db.close();
});

const category = async (id: number) => (await db.get<{ category: string }>(`SELECT category FROM terminal_state WHERE terminal_id = ?`, [id]))!.category;

describe("policy settings", () => {
  it("dry-runs a candidate: lists exactly the terminals that would change, writes nothing", async () => {
    expect(await category(oldFw.id)).toBe("policy_firmware");
    const r = await dryRunPolicyChange(db, net.scopes.admin, { ...defaultPolicy, minFirmware: "2.0.0" }, now);
    expect(r).toEqual({
      changed: 2,
      total: 3,
      items: expect.arrayContaining([{ sn: oldFw.sn, from: "policy_firmware", to: "healthy" }, { sn: southOld.sn, from: "policy_firmware", to: "healthy" }]),
    });
    expect((await dryRunPolicyChange(db, net.scopes.admin, defaultPolicy, now)).changed).toBe(0);
    expect(await category(oldFw.id)).toBe("policy_firmware");
    expect((await getPolicy(db)).minFirmware).toBe("2.3.0");
  });

  it("refuses an invalid policy listing each field to fix", async () => {
    try {
      await dryRunPolicyChange(db, net.scopes.admin, { ...defaultPolicy, minFirmware: "abc", weakSignalDbm: 20, lowBatteryPct: 3 }, now);
      expect.unreachable();
    } catch (e) {
      const err = e as AppError;
      expect(err.code).toBe("validation");
      const fields = (err.details!.issues as { field: string; code: string }[]).map((i) => i.field);
      expect(fields).toEqual(expect.arrayContaining(["minFirmware", "weakSignalDbm", "criticalBatteryPct"]));
    }
    expect(await codeOf(() => savePolicyChange(db, net.scopes.admin, { minFirmware: "2.0.0" }, now))).toBe("validation");
    expect(await listPolicyVersions(db)).toHaveLength(0);
  });

  it("is changed only by admins of the top agent", async () => {
    const candidate = { ...defaultPolicy, minFirmware: "2.0.0" };
    expect(await codeOf(() => savePolicyChange(db, net.scopes.east, candidate, now))).toBe("forbidden");
    expect(await codeOf(() => savePolicyChange(db, net.scopes.hz, candidate, now))).toBe("forbidden");
    expect(await codeOf(() => savePolicyChange(db, net.scopes.southAdmin, candidate, now))).toBe("forbidden");
    expect(await codeOf(() => dryRunPolicyChange(db, net.scopes.southAdmin, candidate, now))).toBe("forbidden");
  });

  it("saves, re-diagnoses the fleet, records history and audit, and reverts", async () => {
    const first = await savePolicyChange(db, net.scopes.admin, { ...defaultPolicy, minFirmware: "2.0.0" }, now);
    expect(first.changed).toBe(2);
    expect(await category(oldFw.id)).toBe("healthy");
    expect((await getPolicy(db)).minFirmware).toBe("2.0.0");
    const audit = (await listAudit(db, net.scopes.admin, { action: "policy.saved" })).rows[0]!;
    expect(audit).toMatchObject({ actor: "admin@x.test", before: { minFirmware: "2.3.0" }, after: { minFirmware: "2.0.0" } });

    const second = await savePolicyChange(db, net.scopes.admin, { ...defaultPolicy, minFirmware: "2.3.0" }, now + 1);
    expect(await category(oldFw.id)).toBe("policy_firmware");
    const back = await revertPolicy(db, net.scopes.admin, first.versionId, now + 2);
    expect(back.changed).toBe(2);
    expect(await category(oldFw.id)).toBe("healthy");
    const versions = await listPolicyVersions(db);
    expect(versions.map((v) => v.id)).toEqual([back.versionId, second.versionId, first.versionId]);
    expect(versions[0]!.revertedFromId).toBe(first.versionId);
    expect(await codeOf(() => revertPolicy(db, net.scopes.admin, 9999, now))).toBe("not_found");
    expect(await codeOf(() => revertPolicy(db, net.scopes.east, first.versionId, now))).toBe("forbidden");
  });
});

describe("ingest keys from settings", () => {
  it("creates a key for an agent in scope, shows it once, and revokes it at once", async () => {
    const k = await createKey(db, net.scopes.admin, { label: "杭州网关", agent: "HZ" }, now);
    expect(await authenticateIngestKey(db, `Bearer ${k.key}`, now)).toMatchObject({ agentId: net.agents.hz.id });
    expect((await listKeys(db, net.scopes.admin)).find((x) => x.id === k.id)).toMatchObject({ label: "杭州网关", agentCode: "HZ", revokedAt: null });
    expect(JSON.stringify(await listKeys(db, net.scopes.admin))).not.toContain(k.key);
    await revokeKey(db, net.scopes.admin, k.id, now);
    await expect(authenticateIngestKey(db, `Bearer ${k.key}`, now)).rejects.toThrow(/revoked/);
    expect(await codeOf(() => revokeKey(db, net.scopes.admin, k.id, now))).toBe("ok");
  });
  it("refuses bad input, unknown ids, other tenants' keys and non-admins", async () => {
    expect(await codeOf(() => createKey(db, net.scopes.admin, { label: "", agent: "HZ" }, now))).toBe("validation");
    expect(await codeOf(() => createKey(db, net.scopes.southAdmin, { label: "x", agent: "HZ" }, now))).toBe("validation");
    expect(await codeOf(() => createKey(db, net.scopes.east, { label: "x", agent: "HZ" }, now))).toBe("forbidden");
    const k = await createKey(db, net.scopes.admin, { label: "east", agent: "EAST" }, now);
    expect(await codeOf(() => revokeKey(db, net.scopes.southAdmin, k.id, now))).toBe("not_found");
    expect(await codeOf(() => revokeKey(db, net.scopes.admin, 777777, now))).toBe("not_found");
    expect((await listKeys(db, net.scopes.southAdmin)).some((x) => x.id === k.id)).toBe(false);
  });
});
