import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { resolveSession } from "@/lib/auth/sessions";
import { changePassword, signIn, signOut } from "@/lib/auth/sign-in";
import { deactivateUser, reactivateUser, updateUser } from "@/lib/auth/users";
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, FAILURE_WINDOW_MS } from "@/lib/auth/rate-limit";
import { SIGN_IN_FAILED } from "@/lib/auth/errors";
import { count, freshDb, T0 } from "../helpers/db";
import { authNetwork, PASSWORD } from "./helpers/auth-network";

const db = await freshDb();
let net: Awaited<ReturnType<typeof authNetwork>>;
const now = T0 + 60_000;
let ipSeq = 0;
const ip = () => `192.0.2.${++ipSeq}`;

beforeAll(async () => {
  net = await authNetwork(db);
});
afterAll(async () => {
  await db.close();
});

async function rejects(p: Promise<unknown>, code: string): Promise<AppError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}

describe("signIn", () => {
  it("opens a session whose scope is the user's agent subtree and records it", async () => {
    const s = await signIn(db, { email: " East@X.test ", password: PASSWORD, ip: ip() }, now);
    const caller = (await resolveSession(db, s.token, now))!;
    expect(caller.scope).toEqual({ agentId: net.agents.east.id, agentPath: net.agents.east.path, role: "manager", userId: net.ids.east });
    expect(caller.user.email).toBe("east@x.test");
    // Only the hash is stored.
    expect(await count(db, `SELECT count(*) n FROM sessions WHERE token_hash = ?`, s.token)).toBe(0);
    expect(await count(db, `SELECT count(*) n FROM audit_log WHERE action = 'auth.sign_in' AND user_id = ?`, net.ids.east)).toBe(1);
  });

  it("gives one generic error for an unknown account, a wrong password and a deactivated account", async () => {
    const unknown = await rejects(signIn(db, { email: "nobody@x.test", password: PASSWORD, ip: ip() }, now), "unauthorized");
    const wrong = await rejects(signIn(db, { email: "east@x.test", password: "wrong-password", ip: ip() }, now), "unauthorized");
    expect(unknown.message).toBe(SIGN_IN_FAILED);
    expect(wrong.message).toBe(SIGN_IN_FAILED);
    expect(await count(db, `SELECT count(*) n FROM audit_log WHERE action = 'auth.sign_in_failed'`)).toBe(2);
  });

  it("refuses empty input with a validation error, not a failure count", async () => {
    await rejects(signIn(db, { email: "", password: "", ip: "198.51.100.1" }, now), "validation");
    await rejects(signIn(db, { email: 42, password: null, ip: "198.51.100.1" }, now), "validation");
    expect(await count(db, `SELECT count(*) n FROM sign_in_failures WHERE address = '198.51.100.1'`)).toBe(0);
  });

  it("rotates: the session the browser had before is ended", async () => {
    const first = await signIn(db, { email: "hz@x.test", password: PASSWORD, ip: ip() }, now);
    const second = await signIn(db, { email: "hz@x.test", password: PASSWORD, ip: ip(), previousToken: first.token }, now);
    expect(second.token).not.toBe(first.token);
    expect(await resolveSession(db, first.token, now)).toBeNull();
    expect(await resolveSession(db, second.token, now)).not.toBeNull();
  });

  it("expires sessions after the idle period", async () => {
    const s = await signIn(db, { email: "hz@x.test", password: PASSWORD, ip: ip() }, now);
    expect(await resolveSession(db, s.token, s.expiresAt - 1)).not.toBeNull();
    expect(await resolveSession(db, s.token, s.expiresAt + 8 * 24 * 3_600_000)).toBeNull();
    // The next sign-in clears expired rows.
    await signIn(db, { email: "hz@x.test", password: PASSWORD, ip: ip() }, s.expiresAt + 1);
    expect(await count(db, `SELECT count(*) n FROM sessions WHERE expires_at < ?`, s.expiresAt + 1)).toBe(0);
  });

  it("signs out: the token stops working", async () => {
    const s = await signIn(db, { email: "hz@x.test", password: PASSWORD, ip: ip() }, now);
    const caller = (await resolveSession(db, s.token, now))!;
    await signOut(db, caller.scope, s.token, "1.1.1.1", now);
    expect(await resolveSession(db, s.token, now)).toBeNull();
    await expect(signOut(db, null, s.token, "1.1.1.1", now)).resolves.toBeUndefined();
  });
});

describe("rate limiting", () => {
  it(`locks an account after ${MAX_FAILURES_PER_ACCOUNT} failures, even for the right password, until the window passes`, async () => {
    const t = now + 1_000;
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      await rejects(signIn(db, { email: "south@x.test", password: "nope-nope-nope", ip: ip() }, t), "unauthorized");
    }
    const err = await rejects(signIn(db, { email: "south@x.test", password: PASSWORD, ip: ip() }, t), "rate_limited");
    expect(err.details?.retryAfterSeconds).toBeGreaterThan(0);
    const later = await signIn(db, { email: "south@x.test", password: PASSWORD, ip: ip() }, t + FAILURE_WINDOW_MS + 1);
    expect(later.token).toBeTruthy();
  });

  it("locks unknown accounts the same way, so the lock reveals nothing", async () => {
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) await rejects(signIn(db, { email: "ghost@x.test", password: "x", ip: ip() }, now), "unauthorized");
    await rejects(signIn(db, { email: "ghost@x.test", password: "x", ip: ip() }, now), "rate_limited");
  });

  it(`limits one address to ${MAX_FAILURES_PER_ADDRESS} failures across accounts`, async () => {
    const addr = "203.0.113.7";
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) await rejects(signIn(db, { email: `spray${i}@x.test`, password: "x", ip: addr }, now), "unauthorized");
    await rejects(signIn(db, { email: "admin@x.test", password: PASSWORD, ip: addr }, now), "rate_limited");
    expect((await signIn(db, { email: "admin@x.test", password: PASSWORD, ip: ip() }, now)).token).toBeTruthy();
  });
});

describe("deactivation and role changes apply at once", () => {
  it("a deactivated user's sessions stop working immediately and they cannot sign in", async () => {
    const s = await signIn(db, { email: "hz@x.test", password: PASSWORD, ip: ip() }, now);
    await deactivateUser(db, net.scopes.admin, net.ids.hz, now);
    expect(await resolveSession(db, s.token, now)).toBeNull();
    expect(await count(db, `SELECT count(*) n FROM sessions WHERE user_id = ?`, net.ids.hz)).toBe(0);
    const err = await rejects(signIn(db, { email: "hz@x.test", password: PASSWORD, ip: ip() }, now), "unauthorized");
    expect(err.message).toBe(SIGN_IN_FAILED);
    await reactivateUser(db, net.scopes.admin, net.ids.hz, now);
    expect((await signIn(db, { email: "hz@x.test", password: PASSWORD, ip: ip() }, now)).token).toBeTruthy();
  });

  it("a role or agent change is seen by the next request of an open session", async () => {
    const s = await signIn(db, { email: "hz@x.test", password: PASSWORD, ip: ip() }, now);
    await updateUser(db, net.scopes.admin, net.ids.hz, { role: "manager", agent: "EAST" }, now);
    expect((await resolveSession(db, s.token, now))!.scope).toMatchObject({ role: "manager", agentPath: net.agents.east.path });
    await updateUser(db, net.scopes.admin, net.ids.hz, { role: "viewer", agent: "HZ" }, now);
    expect((await resolveSession(db, s.token, now))!.scope).toMatchObject({ role: "viewer", agentPath: net.agents.hz.path });
  });
});

describe("changePassword", () => {
  it("checks the current password and the new one, then ends the other sessions", async () => {
    const a = await signIn(db, { email: "east@x.test", password: PASSWORD, ip: ip() }, now);
    const b = await signIn(db, { email: "east@x.test", password: PASSWORD, ip: ip() }, now);
    const caller = (await resolveSession(db, a.token, now))!;
    await rejects(changePassword(db, caller.scope, { current: "wrong", next: "new-password-1", confirm: "new-password-1" }, caller.credentialId, now), "validation");
    await rejects(changePassword(db, caller.scope, { current: PASSWORD, next: "short", confirm: "short" }, caller.credentialId, now), "validation");
    await rejects(changePassword(db, caller.scope, { current: PASSWORD, next: "new-password-1", confirm: "new-password-2" }, caller.credentialId, now), "validation");
    await rejects(changePassword(db, caller.scope, { current: PASSWORD, next: PASSWORD, confirm: PASSWORD }, caller.credentialId, now), "validation");
    expect(await resolveSession(db, b.token, now)).not.toBeNull();
    await changePassword(db, caller.scope, { current: PASSWORD, next: "new-password-1", confirm: "new-password-1" }, caller.credentialId, now);
    expect(await resolveSession(db, a.token, now)).not.toBeNull();
    expect(await resolveSession(db, b.token, now)).toBeNull();
    await rejects(signIn(db, { email: "east@x.test", password: PASSWORD, ip: ip() }, now), "unauthorized");
    await changePassword(db, caller.scope, { current: "new-password-1", next: PASSWORD, confirm: PASSWORD }, caller.credentialId, now);
    expect(await count(db, `SELECT count(*) n FROM audit_log WHERE action = 'auth.password_changed'`)).toBe(2);
  });
});
