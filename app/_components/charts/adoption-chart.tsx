"use client";
import { useFormatter } from "next-intl";
import { useRouter } from "next/navigation";
import { Area, AreaChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { paletteColor } from "@/lib/ui/colors";
import { roundTicks, stackedMax } from "@/lib/ui/charts/ticks";
import { ChartFrame } from "./chart-frame";
import type { AdoptionSeries } from "@/lib/ui/charts/shape";

/** Terminals per firmware version per day, stacked; clicking a version opens its terminals. */
export function AdoptionChart({ series }: { series: AdoptionSeries }) {
  const format = useFormatter();
  const router = useRouter();
  const max = stackedMax(series.points, series.versions);
  const ticks = roundTicks(max);
  return (
    <ChartFrame testId="adoption-chart" empty={max === 0}>
      <AreaChart data={series.points} responsive style={{ width: "100%", height: 260 }} margin={{ top: 8, right: 12, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="t" tickFormatter={(t: number) => format.dateTime(new Date(t), "day")} fontSize={12} minTickGap={16} />
        <YAxis ticks={ticks} domain={[0, ticks.at(-1)!]} allowDecimals={false} fontSize={12} />
        <Tooltip labelFormatter={(t) => format.dateTime(new Date(Number(t)), "day")} />
        <Legend onClick={(e) => router.push(`/terminals?firmware=${encodeURIComponent(String(e.dataKey))}`)} wrapperStyle={{ cursor: "pointer" }} />
        {series.versions.map((v, i) => (
          <Area key={v} type="monotone" dataKey={v} stackId="v" stroke={paletteColor(i)} fill={paletteColor(i)} fillOpacity={0.5} isAnimationActive={false} />
        ))}
      </AreaChart>
    </ChartFrame>
  );
}
