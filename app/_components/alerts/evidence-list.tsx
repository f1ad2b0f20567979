// The evidence of one finding as a person reads it: the rules' observations as sentences in the
// page's language, then the codes involved with what each one means. No hooks, so both server
// pages and the client-side call queue render it.
import { describeCode, describeEvidence } from "@/lib/rules";
import type { Finding } from "@/lib/rules/types";

export type PageLang = "zh-CN" | "en";

/** The rules speak zh-CN and en; every other page locale reads the Chinese. */
export function pageLang(locale: string): PageLang {
  return locale === "en" ? "en" : "zh-CN";
}

/** What a code means in the catalogue, in `lang`; null for a code the catalogue does not know. */
export function codeMeaning(code: string, lang: PageLang): string | null {
  const info = describeCode(code);
  if (!info) return null;
  return lang === "en" ? info.meaning.en : info.meaning.zh;
}

/** The headline of a finding: its first evidence sentence. */
export function headline(finding: Pick<Finding, "evidence" | "message">, lang: PageLang): string {
  return describeEvidence(finding, lang)[0] ?? (lang === "en" ? finding.message.en : finding.message.zh);
}

interface Props {
  finding: Finding;
  lang: PageLang;
  labels: { evidence: string; codes: string; since: string };
  when: (ms: number) => string;
  open?: boolean;
}

export function EvidenceList({ finding, lang, labels, when, open }: Props) {
  const sentences = describeEvidence(finding, lang);
  const codes = Object.keys(finding.evidence.codes ?? {});
  return (
    <details className="evidence" open={open} data-testid="evidence">
      <summary>{labels.evidence}</summary>
      <ul>
        {sentences.map((s, i) => <li key={i} data-testid="evidence-sentence">{s}</li>)}
        {finding.evidence.since !== null && <li><span className="muted">{labels.since}</span> {when(finding.evidence.since)}</li>}
      </ul>
      {codes.length > 0 && <CodeList codes={codes} lang={lang} label={labels.codes} />}
    </details>
  );
}

/** Each code next to its meaning from the catalogue. */
export function CodeList({ codes, lang, label }: { codes: string[]; lang: PageLang; label?: string }) {
  return (
    <dl className="code-list small" data-testid="code-list">
      {label && <dt className="muted">{label}</dt>}
      {codes.map((c) => {
        const meaning = codeMeaning(c, lang);
        return (
          <dd key={c} data-code={c}>
            <span className="code-chip">{c}</span>
            {meaning && <span data-testid="code-meaning">{meaning}</span>}
          </dd>
        );
      })}
    </dl>
  );
}
