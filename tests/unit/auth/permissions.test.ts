import { describe, expect, it } from "vitest";
import { ACTIONS, assertCan, can, isNetworkAdmin, type Action } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { ROLES } from "@/lib/domain/enums";

const expected: Record<(typeof ROLES)[number], Action[]> = {
  admin: Object.keys(ACTIONS) as Action[],
  manager: ["alerts:act", "fleet:import", "fleet:transfer", "audit:read", "tokens:own"],
  viewer: ["tokens:own"],
};

describe("roles", () => {
  for (const role of ROLES) {
    it(`${role} may do exactly its actions`, () => {
      for (const action of Object.keys(ACTIONS) as Action[]) {
        expect(can({ role }, action), `${role} ${action}`).toBe(expected[role].includes(action));
      }
    });
  }
  it("assertCan throws a forbidden AppError naming the action", () => {
    try {
      assertCan({ role: "viewer" }, "users:manage");
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe("forbidden");
      expect((err as AppError).message).toMatch(/users:manage/);
    }
    expect(() => assertCan({ role: "admin" }, "users:manage")).not.toThrow();
  });
  it("only an admin of a top agent is a network admin", () => {
    expect(isNetworkAdmin({ role: "admin", agentPath: "/1/" })).toBe(true);
    expect(isNetworkAdmin({ role: "admin", agentPath: "/1/4/" })).toBe(false);
    expect(isNetworkAdmin({ role: "manager", agentPath: "/1/" })).toBe(false);
  });
});
