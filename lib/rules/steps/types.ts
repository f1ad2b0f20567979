/** Fix steps in both languages, in the order a person should try them. */
export interface Steps {
  zh: string[];
  en: string[];
}

/** Steps that apply when one of `codes` is the leading code of a finding. */
export interface CodeSteps extends Steps {
  codes: string[];
}

export function stepsFor(table: readonly CodeSteps[], code: string | undefined, fallback: Steps): Steps {
  const hit = code ? table.find((entry) => entry.codes.includes(code)) : undefined;
  return hit ? { zh: hit.zh, en: hit.en } : fallback;
}
