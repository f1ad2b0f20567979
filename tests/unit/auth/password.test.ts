import { describe, expect, it } from "vitest";
import { ARGON2_PARAMS, generatePassword, hashPassword, needsRehash, passwordSchema, verifyPassword } from "@/lib/auth/password";

describe("password hashing", () => {
  it("hashes with argon2id at the documented cost and verifies only the right password", async () => {
    const h = await hashPassword("correct horse battery");
    expect(h).toMatch(new RegExp(`^\\$argon2id\\$v=19\\$m=${ARGON2_PARAMS.memoryCost},t=${ARGON2_PARAMS.timeCost},p=1\\$`));
    expect(await verifyPassword(h, "correct horse battery")).toBe(true);
    expect(await verifyPassword(h, "correct horse batterY")).toBe(false);
    expect(needsRehash(h)).toBe(false);
  });
  it("salts: the same password hashes differently", async () => {
    expect(await hashPassword("same password")).not.toBe(await hashPassword("same password"));
  });
  it("treats a corrupt stored hash as a wrong password", async () => {
    expect(await verifyPassword("not-a-hash", "x")).toBe(false);
    expect(needsRehash("$argon2id$v=19$m=4096,t=3,p=1$abc$def")).toBe(true);
  });
  it("generates unambiguous temporary passwords that pass the rules", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(p).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{16}$/);
      expect(passwordSchema.safeParse(p).success).toBe(true);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
  it("asks for 10 to 200 characters", () => {
    expect(passwordSchema.safeParse("123456789").success).toBe(false);
    expect(passwordSchema.safeParse("1234567890").success).toBe(true);
    expect(passwordSchema.safeParse("x".repeat(201)).success).toBe(false);
  });
});
