import type { Finding } from "@/lib/rules/types";

interface Props {
  finding: Finding;
  label: string;
  sinceLabel: string;
  codeName: (code: string) => string;
  when: (ms: number) => string;
}

function show(v: unknown): string {
  if (Array.isArray(v)) return v.map(show).join(", ");
  if (v === null || v === undefined) return "—";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** What the rules looked at: the codes with their counts, the readings and values, since when. */
export function Evidence({ finding, label, sinceLabel, codeName, when }: Props) {
  const e = finding.evidence;
  const values = Object.entries(e.values ?? {});
  return (
    <details className="evidence" open>
      <summary>{label}</summary>
      <ul>
        {e.codes && Object.entries(e.codes).map(([code, n]) => <li key={code}><span className="mono">{codeName(code)}</span> × {n}</li>)}
        {values.map(([k, v]) => <li key={k}><span className="muted">{k}</span>: <span className="mono">{show(v)}</span></li>)}
        {e.since !== null && <li><span className="muted">{sinceLabel}</span>: {when(e.since)}</li>}
      </ul>
    </details>
  );
}
