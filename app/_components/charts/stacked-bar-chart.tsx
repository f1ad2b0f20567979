"use client";
import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { roundTicks, stackedMax } from "@/lib/ui/charts/ticks";
import { ChartFrame } from "./chart-frame";

export interface StackedRow {
  label: string;
  /** Table view for each series of this row, by series key. */
  hrefs: Record<string, string>;
  [series: string]: string | number | Record<string, string>;
}

interface Props {
  data: StackedRow[];
  series: { key: string; label: string; color: string }[];
  height?: number;
  layout?: "horizontal" | "vertical";
  testId?: string;
}

/**
 * Bars per row, stacked by series (a single series gives plain bars). Clicking a segment opens
 * the terminals table filtered to that row and series.
 */
export function StackedBarChart({ data, series, height = 220, layout = "horizontal", testId }: Props) {
  const router = useRouter();
  const vertical = layout === "vertical";
  const labels = Object.fromEntries(series.map((s) => [s.key, s.label]));
  const ticks = roundTicks(stackedMax(data, series.map((s) => s.key)));
  const axis = { ticks, domain: [0, ticks.at(-1)!], allowDecimals: false, fontSize: 12 } as const;
  return (
    <ChartFrame testId={testId} empty={stackedMax(data, series.map((s) => s.key)) === 0}>
      <BarChart data={data} layout={layout} responsive style={{ width: "100%", height }} margin={{ top: 8, right: 12, bottom: 0, left: vertical ? 8 : -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={vertical} horizontal={!vertical} />
        {vertical ? (
          <>
            <XAxis type="number" {...axis} />
            <YAxis type="category" dataKey="label" width={112} fontSize={11} />
          </>
        ) : (
          <>
            <XAxis dataKey="label" fontSize={12} interval={0} />
            <YAxis {...axis} />
          </>
        )}
        <Tooltip formatter={(v, name) => [v as number, labels[name as string] ?? name]} />
        {series.length > 1 && <Legend formatter={(name: string) => labels[name] ?? name} />}
        {series.map((s) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            stackId="a"
            fill={s.color}
            cursor="pointer"
            isAnimationActive={false}
            onClick={(_item, index) => {
              const href = data[index]?.hrefs[s.key];
              if (href) router.push(href);
            }}
          />
        ))}
      </BarChart>
    </ChartFrame>
  );
}
