import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CODE_CATEGORIES } from "@/lib/domain/enums";
import { parseCsv } from "@/lib/rules/build-catalog";
import { allCodes, codeCategory, describeCode } from "@/lib/rules/catalog";
import { CATALOG_ROWS } from "@/lib/rules/catalog-data";
import { CATEGORY_OVERRIDES } from "@/lib/rules/catalog-overrides";

const CSV = "lib/rules/data/response_codes.csv";

describe("catalogue", () => {
  it("holds the 129 cups and terminal codes, each once, with a valid category", () => {
    const codes = allCodes();
    expect(codes.length).toBe(129);
    expect(new Set(codes.map((c) => c.code)).size).toBe(129);
    expect(codes.filter((c) => c.scheme === "cups").length).toBe(86);
    for (const c of codes) {
      expect(CODE_CATEGORIES).toContain(c.category);
      expect(c.meaning.zh.length * c.meaning.en.length).toBeGreaterThan(0);
    }
  });

  it("matches every cups/terminal row of the in-repo CSV (regenerate with build-catalog.ts if not)", () => {
    let text: string;
    try {
      text = readFileSync(CSV, "utf8");
    } catch {
      throw new Error(`${CSV} is missing: it is part of the repository (lib/rules/data)`);
    }
    const [header, ...rows] = parseCsv(text);
    const at = (name: string) => header!.indexOf(name);
    const wanted = rows.filter((r) => r[at("scheme")] === "cups" || r[at("scheme")] === "terminal").map((r) => r[at("code")]);
    expect(CATALOG_ROWS.map((r) => r.code)).toEqual(wanted);
  });

  it.each([
    ["51", "cups", "cardholder"],
    ["03", "cups", "policy_firmware"],
    ["97", "cups", "policy_firmware"],
    ["A0", "cups", "operation"],
    ["45", "cups", "operation"],
    ["30", "cups", "hardware"],
    ["00", "cups", "none"],
    ["Y3", "cups", "network"],
    ["Z3", "cups", "network"],
    ["T_PED_TAMPERED", "terminal", "hardware"],
    ["T_SIM_SUSPENDED", "terminal", "network"],
    ["T_NOT_SIGNED_IN", "terminal", "operation"],
    ["T_MERCHANT_FROZEN", "terminal", "policy_firmware"],
    ["T_BATTERY_LOW", "terminal", "hardware"],
    ["T_CARD_READ_FAIL", "terminal", "hardware"],
    ["T_FW_VERSION_LOW", "terminal", "policy_firmware"],
    ["T_USER_CANCEL", "terminal", "cardholder"],
  ])("%s is %s / %s", (code, scheme, category) => {
    expect(describeCode(code)).toMatchObject({ code, scheme, category });
  });

  it("describes a code for the UI in both languages", () => {
    expect(describeCode("T_NOT_SIGNED_IN")?.meaning).toEqual({ zh: "请先签到/未签到", en: "Please sign in first" });
    expect(describeCode(" a0 ")?.code).toBe("A0");
  });

  it("knows nothing of codes outside the cups and terminal schemes", () => {
    expect(describeCode("ZZ")).toBeUndefined();
    expect(describeCode("T_NOT_A_CODE")).toBeUndefined();
    expect(codeCategory("")).toBeUndefined();
  });

  it("every override names a catalogued code, a valid category and a reason", () => {
    for (const [code, { category, reason }] of Object.entries(CATEGORY_OVERRIDES)) {
      expect(describeCode(code)?.category).toBe(category);
      expect(CODE_CATEGORIES).toContain(category);
      expect(reason.length).toBeGreaterThan(10);
    }
  });
});

