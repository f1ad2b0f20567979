// The diagnosis of one alert as a person reads it out: what is wrong, the evidence behind it, and
// the steps to walk the merchant through, in the page's language. Server-safe: labels come in as props.
import type { Finding } from "@/lib/rules/types";
import { SEVERITY_COLOR } from "@/lib/ui/colors";

interface Props {
  findings: Finding[];
  locale: string;
  labels: { evidence: string; steps: string; since: string };
  when: (ms: number) => string;
  /** Open the evidence by default (detail page) or keep it folded (queue rows). */
  open?: boolean;
}

function show(v: unknown): string {
  if (Array.isArray(v)) return v.map(show).join(", ");
  if (v === null || v === undefined) return "—";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export function FixScript({ findings, locale, labels, when, open }: Props) {
  const en = locale === "en";
  return (
    <ul className="findings" data-testid="fix-script">
      {findings.map((f) => (
        <li key={f.ruleId} className="finding" style={{ ["--accent" as string]: SEVERITY_COLOR[f.severity] }}>
          <p className="finding-message">{en ? f.message.en : f.message.zh}</p>
          <p className="small muted">{labels.steps}</p>
          <ol className="steps">
            {(en ? f.steps.en : f.steps.zh).map((s, i) => <li key={i}>{s}</li>)}
          </ol>
          <details className="evidence" open={open}>
            <summary>{labels.evidence}</summary>
            <ul>
              {f.evidence.codes && Object.entries(f.evidence.codes).map(([code, n]) => <li key={code}><span className="mono">{code}</span> × {n}</li>)}
              {Object.entries(f.evidence.values ?? {}).map(([k, v]) => <li key={k}><span className="muted">{k}</span>: <span className="mono">{show(v)}</span></li>)}
              {f.evidence.since !== null && <li><span className="muted">{labels.since}</span>: {when(f.evidence.since)}</li>}
            </ul>
          </details>
        </li>
      ))}
    </ul>
  );
}
