// The diagnosis of one alert as a person reads it out: what is wrong, the evidence behind it as
// sentences, and the steps to walk the merchant through, in the page's language. Server-safe:
// labels come in as props.
import type { Finding } from "@/lib/rules/types";
import { SEVERITY_COLOR } from "@/lib/ui/colors";
import { EvidenceList, headline, pageLang } from "./evidence-list";

interface Props {
  findings: Finding[];
  locale: string;
  labels: { evidence: string; steps: string; since: string; codes?: string };
  when: (ms: number) => string;
  /** Open the evidence by default (detail page) or keep it folded (queue rows). */
  open?: boolean;
}

export function FixScript({ findings, locale, labels, when, open }: Props) {
  const lang = pageLang(locale);
  const codesLabel = labels.codes ?? (lang === "en" ? "Codes" : "代码");
  return (
    <ul className="findings" data-testid="fix-script">
      {findings.map((f, i) => (
        <li key={`${f.ruleId}-${i}`} className="finding" style={{ ["--accent" as string]: SEVERITY_COLOR[f.severity] }}>
          <p className="finding-message" data-testid="finding-headline">{headline(f, lang)}</p>
          <p className="small muted">{labels.steps}</p>
          <ol className="steps" data-testid="steps">
            {(lang === "en" ? f.steps.en : f.steps.zh).map((s, j) => <li key={j}>{s}</li>)}
          </ol>
          <EvidenceList finding={f} lang={lang} when={when} open={open} labels={{ evidence: labels.evidence, since: labels.since, codes: codesLabel }} />
        </li>
      ))}
    </ul>
  );
}
