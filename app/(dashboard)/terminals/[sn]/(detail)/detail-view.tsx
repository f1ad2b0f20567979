import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { HeartbeatPoint, TerminalDetail } from "@/db/queries/terminal-detail";
import { describeCode } from "@/lib/rules/catalog";
import { CATEGORY_COLOR, SEVERITY_COLOR, STATUS_COLOR } from "@/lib/ui/colors";
import type { CodeTimeline, ReadingPoint } from "@/lib/ui/charts/shape";
import { CodeTimelineChart } from "@/app/_components/charts/code-timeline-chart";
import { ReadingsChart } from "@/app/_components/charts/readings-chart";
import { Table } from "@/app/_components/table";
import { Badge, Card, EmptyState } from "@/app/_components/ui";
import { EvidenceList, headline, pageLang } from "@/app/_components/alerts/evidence-list";
import type { BatteryWearRow } from "@/lib/domain/battery";
import type { WearChart } from "@/lib/ui/charts/battery-wear";
import { BatteryWearCard } from "./battery-wear-card";

interface Props {
  detail: TerminalDetail;
  readings: ReadingPoint[];
  codes: CodeTimeline;
  recent: HeartbeatPoint[];
  battery: { chart: WearChart; wear: BatteryWearRow | null };
}

export async function DetailView({ detail, readings, codes, recent, battery }: Props) {
  const t = await getTranslations();
  const format = await getFormatter();
  const lang = pageLang(await getLocale());
  const zh = lang === "zh-CN";
  const { terminal, merchant, agent, state } = detail;
  const when = (ms: number) => format.dateTime(new Date(ms), "full");
  const codeName = (code: string) => {
    const info = describeCode(code);
    return info ? `${code} ${zh ? info.meaning.zh : info.meaning.en}` : code;
  };
  const dash = t("common.notAvailable");

  return (
    <div className="stack">
      <div className="page-head">
        <Link href="/terminals" className="small">← {t("detail.backToList")}</Link>
        <h1 className="mono">{terminal.sn}</h1>
        {state && (
          <div className="badges">
            <Badge color={STATUS_COLOR[state.status]}>{t(`enums.status.${state.status}`)}</Badge>
            <Badge color={CATEGORY_COLOR[state.category]}>{t(`enums.category.${state.category}`)}</Badge>
            <Badge color={SEVERITY_COLOR[state.severity]}>{t(`enums.severity.${state.severity}`)}</Badge>
          </div>
        )}
      </div>

      <div className="grid-2">
        <Card title={t("detail.merchant")}>
          <dl className="facts">
            <dt>{t("detail.merchant")}</dt><dd data-testid="merchant">{merchant.name}</dd>
            <dt>{t("detail.contact")}</dt><dd>{merchant.contactName || dash}</dd>
            <dt>{t("detail.phone")}</dt><dd>{merchant.phone ? <a href={`tel:${merchant.phone}`}>{merchant.phone}</a> : dash}</dd>
            <dt>{t("detail.address")}</dt><dd>{[merchant.province, merchant.city, merchant.address].filter(Boolean).join(" ") || dash}</dd>
            <dt>{t("detail.agent")}</dt><dd><Link href={`/terminals?agent=${agent.id}`}>{agent.name}</Link></dd>
            <dt>{t("detail.model")}</dt><dd>{terminal.model || dash}</dd>
            <dt>{t("detail.carrier")}</dt><dd>{terminal.carrier || dash}</dd>
            <dt>{t("detail.activatedAt")}</dt><dd>{terminal.activatedAt ? when(terminal.activatedAt) : dash}</dd>
          </dl>
        </Card>
        <Card title={t("detail.readings")}>
          {state ? (
            <dl className="facts">
              <dt>{t("detail.battery")}</dt><dd>{format.number(state.batteryPct / 100, "percent")}{state.charging ? ` ⚡ ${t("terminals.charging")}` : ""}</dd>
              <dt>{t("detail.signal")}</dt><dd>{state.signalDbm === null ? t("terminals.noSignal") : `${state.signalDbm} dBm`}</dd>
              <dt>{t("detail.network")}</dt><dd>{state.network}</dd>
              <dt>{t("detail.firmware")}</dt><dd className="mono">{state.firmware}</dd>
              <dt>{t("detail.appVersion")}</dt><dd>{state.appVersion ?? dash}</dd>
              <dt>{t("detail.lastSeen")}</dt><dd>{when(state.lastSeenAt)}</dd>
            </dl>
          ) : (
            <p className="muted">{t("detail.noState")}</p>
          )}
        </Card>
      </div>

      <Card title={t("detail.diagnosis")} className="diagnosis">
        {!state ? (
          <p className="muted">{t("detail.noState")}</p>
        ) : state.findings.length === 0 ? (
          <p data-testid="healthy">{t("detail.healthyBody")}</p>
        ) : (
          <>
            <p className="muted small">
              {t("detail.since", { time: when(state.categorySince) })} · {t("detail.diagnosedAt", { time: when(state.diagnosedAt) })} · {t("detail.confidence")}: {t(`enums.confidence.${state.confidence}`)}
            </p>
            <ol className="findings" data-testid="findings">
              {state.findings.map((f, i) => (
                <li key={`${f.ruleId}-${i}`} className="finding" style={{ ["--accent" as string]: CATEGORY_COLOR[f.category] }}>
                  <div className="finding-head">
                    <Badge color={CATEGORY_COLOR[f.category]}>{t(`enums.category.${f.category}`)}</Badge>
                    <Badge color={SEVERITY_COLOR[f.severity]}>{t(`enums.severity.${f.severity}`)}</Badge>
                  </div>
                  <p className="finding-message" data-testid="finding-headline">{headline(f, lang)}</p>
                  <EvidenceList finding={f} lang={lang} when={when} open labels={{ evidence: t("detail.evidence"), since: t("detail.evidenceSince"), codes: t("detail.codes") }} />
                  <h3>{t("detail.steps")}</h3>
                  <ol className="steps" data-testid="steps">
                    {(zh ? f.steps.zh : f.steps.en).map((s, j) => <li key={j}>{s}</li>)}
                  </ol>
                </li>
              ))}
            </ol>
          </>
        )}
      </Card>

      <div className="grid-2">
        <Card title={t("detail.batterySignal")}>
          {readings.length === 0 ? <p className="muted">{t("detail.noBeats")}</p> : <ReadingsChart data={readings} labels={{ battery: t("detail.batteryAxis"), signal: t("detail.signalAxis") }} />}
        </Card>
        <Card title={t("detail.codesOverTime")}>
          {codes.codes.length === 0 ? (
            <p className="muted">{t("detail.noCodes")}</p>
          ) : (
            <CodeTimelineChart timeline={codes} names={Object.fromEntries(codes.codes.map((c) => [c, codeName(c)]))} />
          )}
        </Card>
      </div>

      <BatteryWearCard chart={battery.chart} wear={battery.wear} />

      <Card title={t("detail.recent")}>
        {recent.length === 0 ? (
          <EmptyState title={t("detail.noBeats")} body="" />
        ) : (
          <Table
            label={t("detail.recent")}
            testId="recent-beats"
            compact
            rows={recent}
            rowKey={(b) => b.seq}
            columns={[
              { key: "seq", header: t("detail.seq"), num: true, cell: (b) => b.seq },
              { key: "receivedAt", header: t("detail.receivedAt"), keep: true, cell: (b) => format.dateTime(new Date(b.receivedAt), "short") },
              { key: "battery", header: t("detail.battery"), num: true, cell: (b) => `${b.batteryPct}%${b.charging ? " ⚡" : ""}` },
              { key: "signal", header: t("detail.signal"), num: true, cell: (b) => b.signalDbm ?? dash },
              { key: "network", header: t("detail.network"), cell: (b) => b.network },
              { key: "firmware", header: t("detail.firmware"), className: "mono", cell: (b) => b.firmware },
              { key: "txn", header: t("detail.txn"), num: true, cell: (b) => b.txnCount },
              {
                key: "codes",
                header: t("detail.codes"),
                wrap: true,
                cell: (b) => Object.entries(b.errors).map(([c, n]) => <span key={c} className="code-chip" title={codeName(c)}>{c}×{n}</span>),
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
