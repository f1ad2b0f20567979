import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { signIn } from "@/lib/auth/sign-in";
import { dbEnv, freshDb, makeAgent, T0 } from "../helpers/db";

const run = (db: { file: string }, ...args: string[]) =>
  spawnSync(path.join(process.cwd(), "node_modules/.bin/tsx"), ["lib/cli/users-create.ts", ...args], { env: { ...process.env, ...dbEnv(db) }, encoding: "utf8" });

describe("npm run users:create", () => {
  it("creates a user and prints the temporary password once, which then signs in", async () => {
    const db = await freshDb();
    const root = await makeAgent(db, null, { code: "ROOT" });
    await makeAgent(db, root.id, { code: "EAST" });
    const r = run(db, "--email", "Boss@X.cn", "--role", "manager", "--agent", "EAST");
    expect(r.status).toBe(0);
    const password = r.stdout.trim();
    expect(password).toMatch(/^\S{16}$/);
    expect(r.stderr).toContain("boss@x.cn");
    expect(r.stderr).not.toContain(password);
    expect((await signIn(db, { email: "boss@x.cn", password, ip: "cli" }, T0)).mustChangePassword).toBe(true);

    const dup = run(db, "--email", "boss@x.cn", "--role", "viewer", "--agent", "EAST");
    expect(dup.status).toBe(1);
    expect(dup.stderr).toMatch(/already exists/);
    const bad = run(db, "--email", "x@x.cn", "--role", "owner", "--agent", "NOPE");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/role/);
    const missing = run(db, "--email", "x@x.cn");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/missing --role, --agent/);
    await db.close();
  });
});
