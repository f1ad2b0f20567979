"use client";
import { useFormatter } from "next-intl";
import { CartesianGrid, ComposedChart, Legend, Line, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { WearChart } from "@/lib/ui/charts/battery-wear";
import { ChartFrame } from "./chart-frame";

interface Props {
  chart: WearChart;
  labels: { rate: string; fit: string; threshold: string; predicted: string; band: string; empty: string };
}

/** Daily discharge rate off the charger (% per hour), its fitted trend, the no-longer-lasts rate and the predicted day. */
export function BatteryWearChart({ chart, labels }: Props) {
  const format = useFormatter();
  const day = (t: number) => format.dateTime(new Date(t), "day");
  const rates = chart.points.map((p) => p.rate).filter((r): r is number => r !== null);
  const top = Math.ceil(Math.max(1, chart.thresholdRate ?? 0, ...rates, ...chart.points.map((p) => p.fit ?? 0)) * 1.1);
  return (
    <ChartFrame testId="battery-wear-chart" empty={rates.length === 0} emptyText={labels.empty}>
      <ComposedChart data={chart.points} responsive style={{ width: "100%", height: 240 }} margin={{ top: 8, right: 12, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={day} fontSize={12} minTickGap={24} />
        <YAxis domain={[0, top]} allowDecimals fontSize={12} />
        <Tooltip labelFormatter={(t) => day(Number(t))} />
        <Legend />
        {chart.earliestAt !== null && chart.predictedAt !== null && (
          <ReferenceArea x1={chart.earliestAt} x2={chart.latestAt ?? chart.points.at(-1)!.t} fill="#f59e0b" fillOpacity={0.12} label={{ value: labels.band, position: "insideTop", fontSize: 11 }} />
        )}
        {chart.thresholdRate !== null && (
          <ReferenceLine y={chart.thresholdRate} stroke="#dc2626" strokeDasharray="4 4" label={{ value: labels.threshold, position: "insideTopLeft", fontSize: 11 }} />
        )}
        {chart.predictedAt !== null && (
          <ReferenceLine x={chart.predictedAt} stroke="#b45309" label={{ value: labels.predicted, position: "insideTopRight", fontSize: 11 }} />
        )}
        <Line dataKey="rate" name={labels.rate} stroke="#16a34a" dot={{ r: 2 }} connectNulls={false} isAnimationActive={false} />
        <Line dataKey="fit" name={labels.fit} stroke="#2563eb" strokeDasharray="6 3" dot={false} connectNulls isAnimationActive={false} />
      </ComposedChart>
    </ChartFrame>
  );
}
