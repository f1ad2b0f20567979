"use client";
import { useFormatter } from "next-intl";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { paletteColor } from "@/lib/ui/colors";
import { roundTicks, stackedMax } from "@/lib/ui/charts/ticks";
import { ChartFrame } from "./chart-frame";
import type { CodeTimeline } from "@/lib/ui/charts/shape";

/** Error codes per hour, one stacked series per code; the legend names each code with its meaning. */
export function CodeTimelineChart({ timeline, names }: { timeline: CodeTimeline; names: Record<string, string> }) {
  const format = useFormatter();
  const max = stackedMax(timeline.points, timeline.codes);
  const ticks = roundTicks(max);
  return (
    <ChartFrame testId="codes-chart" empty={max === 0}>
      <BarChart data={timeline.points} responsive style={{ width: "100%", height: 220 }} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="t" tickFormatter={(t: number) => format.dateTime(new Date(t), "short")} fontSize={12} minTickGap={32} />
        <YAxis ticks={ticks} domain={[0, ticks.at(-1)!]} allowDecimals={false} fontSize={12} />
        <Tooltip labelFormatter={(t) => format.dateTime(new Date(Number(t)), "short")} formatter={(v, name) => [v as number, names[name as string] ?? name]} />
        <Legend formatter={(name: string) => names[name] ?? name} />
        {timeline.codes.map((c, i) => (
          <Bar key={c} dataKey={c} stackId="codes" fill={paletteColor(i)} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartFrame>
  );
}
