"use client";
import { useFormatter } from "next-intl";
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import type { ReadingPoint } from "@/lib/ui/charts/shape";
import { ChartFrame } from "./chart-frame";

interface Props {
  data: ReadingPoint[];
  labels: { battery: string; signal: string };
}

/** Battery (left axis, %) and signal (right axis, dBm) of one terminal over time. */
export function ReadingsChart({ data, labels }: Props) {
  const format = useFormatter();
  return (
    <ChartFrame testId="readings-chart" empty={data.length === 0}>
      <LineChart data={data} responsive style={{ width: "100%", height: 240 }} margin={{ top: 8, right: 0, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="t" tickFormatter={(t: number) => format.dateTime(new Date(t), "short")} fontSize={12} minTickGap={32} />
        <YAxis yAxisId="battery" domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} fontSize={12} />
        <YAxis yAxisId="signal" orientation="right" domain={[-120, -40]} ticks={[-120, -100, -80, -60, -40]} fontSize={12} />
        <Tooltip labelFormatter={(t) => format.dateTime(new Date(Number(t)), "short")} />
        <Legend />
        <Line yAxisId="battery" dataKey="battery" name={labels.battery} stroke="#16a34a" dot={false} isAnimationActive={false} />
        <Line yAxisId="signal" dataKey="signal" name={labels.signal} stroke="#2563eb" dot={false} connectNulls={false} isAnimationActive={false} />
      </LineChart>
    </ChartFrame>
  );
}
