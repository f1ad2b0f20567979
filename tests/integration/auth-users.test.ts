import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "@/db/audit";
import { listUsersInScope } from "@/db/queries/auth-users";
import { AppError } from "@/lib/errors";
import { createApiToken, listOwnApiTokens, resolveApiToken, revokeApiToken } from "@/lib/auth/api-tokens";
import { signIn } from "@/lib/auth/sign-in";
import { createUser, deactivateUser, resetPassword, updateUser } from "@/lib/auth/users";
import { DEMO_ACCOUNTS, seedDemoUsers } from "@/lib/demo/accounts";
import { count, freshDb, makeAgent, T0 } from "../helpers/db";
import { authNetwork } from "./helpers/auth-network";

const db = await freshDb();
let net: Awaited<ReturnType<typeof authNetwork>>;
const now = T0 + 60_000;

beforeAll(async () => {
  net = await authNetwork(db);
});
afterAll(async () => {
  await db.close();
});

async function code(p: unknown): Promise<string> {
  const err = await Promise.resolve()
    .then(() => (typeof p === "function" ? (p as () => unknown)() : p))
    .then(() => "ok", (e: unknown) => (e instanceof AppError ? e.code : `unexpected ${String(e)}`));
  return err;
}

describe("createUser", () => {
  it("creates a user with a temporary password they must change", async () => {
    const r = await createUser(db, net.scopes.admin, { email: "New@X.test", name: "新人", role: "viewer", agent: "HZ" }, now);
    expect(r.temporaryPassword).toMatch(/^\S{16}$/);
    const s = await signIn(db, { email: "new@x.test", password: r.temporaryPassword!, ip: "1" }, now);
    expect(s.mustChangePassword).toBe(true);
    expect(await count(db, `SELECT count(*) n FROM audit_log WHERE action = 'user.created' AND target_id = ?`, String(r.id))).toBe(1);
  });
  it("refuses bad input, naming the field", async () => {
    const err = await createUser(db, net.scopes.admin, { email: "not-an-email", name: "x", role: "viewer", agent: "HZ" }, now).catch((e: AppError) => e);
    expect(err).toMatchObject({ code: "validation", details: { field: "email" } });
    expect(await code(() => createUser(db, net.scopes.admin, { email: "a@x.test", name: "x", role: "owner", agent: "HZ" }, now))).toBe("validation");
    expect(await code(() => createUser(db, net.scopes.admin, { email: "a@x.test", name: "x", role: "viewer", agent: "NOPE" }, now))).toBe("validation");
  });
  it("refuses a duplicate e-mail with 409", async () => {
    expect(await code(() => createUser(db, net.scopes.admin, { email: "EAST@x.test", name: "x", role: "viewer", agent: "HZ" }, now))).toBe("conflict");
  });
  it("keeps an admin inside their own subtree and refuses other roles", async () => {
    expect(await code(() => createUser(db, net.scopes.southAdmin, { email: "b@x.test", name: "x", role: "viewer", agent: "EAST" }, now))).toBe("validation");
    expect(await code(() => createUser(db, net.scopes.east, { email: "b@x.test", name: "x", role: "viewer", agent: "HZ" }, now))).toBe("forbidden");
    expect(await code(() => createUser(db, net.scopes.hz, { email: "b@x.test", name: "x", role: "viewer", agent: "HZ" }, now))).toBe("forbidden");
    expect(await count(db, `SELECT count(*) n FROM users WHERE email = 'b@x.test'`)).toBe(0);
  });
});

describe("updating, deactivating and resetting users", () => {
  it("answers 404 for a user of another tenant, as if they did not exist", async () => {
    expect(await code(() => updateUser(db, net.scopes.southAdmin, net.ids.east, { name: "x" }, now))).toBe("not_found");
    expect(await code(() => deactivateUser(db, net.scopes.southAdmin, net.ids.east, now))).toBe("not_found");
    expect(await code(() => resetPassword(db, net.scopes.southAdmin, net.ids.east, now))).toBe("not_found");
    expect(await code(() => updateUser(db, net.scopes.admin, 999_999, { name: "x" }, now))).toBe("not_found");
    expect((await listUsersInScope(db, net.scopes.southAdmin)).map((u) => u.email)).toEqual(["south@x.test"]);
  });
  it("records before and after of an update", async () => {
    await updateUser(db, net.scopes.admin, net.ids.hz, { name: "陈专员" }, now);
    const { rows } = await listAudit(db, net.scopes.admin, { action: "user.updated" });
    expect(rows[0]).toMatchObject({ before: { name: "hz" }, after: { name: "陈专员" } });
  });
  it("refuses to lock yourself out", async () => {
    expect(await code(() => deactivateUser(db, net.scopes.admin, net.ids.admin, now))).toBe("validation");
    expect(await code(() => updateUser(db, net.scopes.admin, net.ids.admin, { role: "viewer" }, now))).toBe("validation");
  });
  it("a password reset ends sessions and hands out a temporary password", async () => {
    const s = await signIn(db, { email: "hz@x.test", password: "correct-horse-42", ip: "2" }, now);
    const temp = await resetPassword(db, net.scopes.admin, net.ids.hz, now);
    expect(await count(db, `SELECT count(*) n FROM sessions WHERE user_id = ?`, net.ids.hz)).toBe(0);
    expect(s.token).toBeTruthy();
    expect((await signIn(db, { email: "hz@x.test", password: temp, ip: "2" }, now)).mustChangePassword).toBe(true);
  });
});

describe("API tokens", () => {
  it("is shown once, stored hashed, resolves to the owner's scope and can be revoked", async () => {
    const t = await createApiToken(db, net.scopes.east, { label: "BI 报表" }, now);
    expect(t.token).toMatch(/^pfa_[\w-]{43}$/);
    expect(await count(db, `SELECT count(*) n FROM api_tokens WHERE token_hash = ? OR prefix = ?`, t.token, t.token)).toBe(0);
    expect((await resolveApiToken(db, t.token, now))!.scope).toMatchObject({ agentPath: net.agents.east.path, role: "manager" });
    expect((await listOwnApiTokens(db, net.scopes.east)).map((x) => x.label)).toContain("BI 报表");
    await revokeApiToken(db, net.scopes.east, t.id, now);
    expect(await resolveApiToken(db, t.token, now)).toBeNull();
    await expect(revokeApiToken(db, net.scopes.east, t.id, now)).resolves.toBeUndefined();
  });
  it("refuses a blank label and unknown or other people's token ids", async () => {
    expect(await code(() => createApiToken(db, net.scopes.east, { label: "  " }, now))).toBe("validation");
    const other = await createApiToken(db, net.scopes.southAdmin, { label: "south" }, now);
    expect(await code(() => revokeApiToken(db, net.scopes.east, other.id, now))).toBe("not_found");
    expect(await code(() => revokeApiToken(db, net.scopes.east, 424242, now))).toBe("not_found");
    expect((await listOwnApiTokens(db, net.scopes.east)).some((x) => x.id === other.id)).toBe(false);
    expect(await resolveApiToken(db, "pfa_guessed", now)).toBeNull();
    expect(await resolveApiToken(db, other.token.replace("pfa_", "pfh_"), now)).toBeNull();
  });
  it("dies with its owner's deactivation", async () => {
    const { id } = await createUser(db, net.scopes.admin, { email: "bot@x.test", name: "bot", role: "viewer", agent: "SOUTH", password: "bot-password-1" }, now);
    const scope = { ...net.scopes.southAdmin, role: "viewer" as const, userId: id };
    const t = await createApiToken(db, scope, { label: "bot" }, now);
    expect(await resolveApiToken(db, t.token, now)).not.toBeNull();
    await deactivateUser(db, net.scopes.admin, id, now);
    expect(await resolveApiToken(db, t.token, now)).toBeNull();
  });
});

describe("audit log reads", () => {
  it("is scoped: a sibling admin sees none of EAST's entries", async () => {
    const south = (await listAudit(db, net.scopes.southAdmin, { limit: 500 })).rows;
    expect(south.length).toBeGreaterThan(0);
    expect(south.every((r) => r.agentCode === "SOUTH")).toBe(true);
    expect((await listAudit(db, net.scopes.admin, { limit: 500 })).rows.some((r) => r.agentCode === "EAST")).toBe(true);
  });
  it("treats SQL metacharacters in the search as plain text", async () => {
    expect((await listAudit(db, net.scopes.admin, { q: "%" })).total).toBe(0);
    expect((await listAudit(db, net.scopes.admin, { q: "_" })).total).toBe(0);
    expect((await listAudit(db, net.scopes.admin, { q: "' OR 1=1 --" })).total).toBe(0);
    expect((await listAudit(db, net.scopes.admin, { q: "east@" })).total).toBeGreaterThan(0);
  });
});

describe("seedDemoUsers", () => {
  it("creates the demo accounts once, and again changes nothing", async () => {
    const d = await freshDb();
    const root = await makeAgent(d, null, { code: "ROOT" });
    const east = await makeAgent(d, root.id, { code: "EAST" });
    await makeAgent(d, east.id, { code: "HZ" });
    expect((await seedDemoUsers(d, now)).created).toHaveLength(DEMO_ACCOUNTS.length);
    expect(await seedDemoUsers(d, now)).toEqual({ created: [], existing: DEMO_ACCOUNTS.map((a) => a.email) });
    for (const a of DEMO_ACCOUNTS) expect((await signIn(d, { email: a.email, password: a.password, ip: "3" }, now)).mustChangePassword).toBe(false);
    await d.close();
  });
  it("says what to do when the demo agents are missing", async () => {
    const empty = await freshDb();
    await expect(seedDemoUsers(empty, now)).rejects.toThrow(/seed the fleet first/);
    await empty.close();
  });
});
