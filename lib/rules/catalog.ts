import { CODE_CATEGORIES, type CodeCategory } from "@/lib/domain/enums";
import { CATALOG_ROWS } from "@/lib/rules/catalog-data";
import { CATEGORY_OVERRIDES } from "@/lib/rules/catalog-overrides";
import type { Text } from "@/lib/rules/types";

export interface CodeInfo {
  code: string;
  scheme: "cups" | "terminal";
  meaning: Text;
  category: CodeCategory;
}

function isCodeCategory(value: string): value is CodeCategory {
  return (CODE_CATEGORIES as readonly string[]).includes(value);
}

function build(): Map<string, CodeInfo> {
  const map = new Map<string, CodeInfo>();
  for (const row of CATALOG_ROWS) {
    const category = CATEGORY_OVERRIDES[row.code]?.category ?? row.category;
    // A row with no usable category must be decided in the overrides, not guessed here.
    if (!isCodeCategory(category)) throw new Error(`catalogue: code ${row.code} has no category`);
    map.set(row.code, { code: row.code, scheme: row.scheme, meaning: { zh: row.zh, en: row.en }, category });
  }
  return map;
}

const CATALOG = build();

/** Every catalogued code, for the UI and for tests. */
export function allCodes(): CodeInfo[] {
  return [...CATALOG.values()];
}

/** The catalogue entry of a heartbeat code, or undefined for a code we do not know. */
export function describeCode(code: string): CodeInfo | undefined {
  return CATALOG.get(code.trim().toUpperCase());
}

/** The category of a code; unknown codes have none and are ignored by the rules. */
export function codeCategory(code: string): CodeCategory | undefined {
  return describeCode(code)?.category;
}
