"use client";
import { useFormatter } from "next-intl";
import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { PROBLEM_CATEGORIES } from "@/lib/domain/enums";
import { CATEGORY_COLOR } from "@/lib/ui/colors";
import type { CategoryStackPoint } from "@/lib/ui/charts/shape";
import type { TrendRange } from "@/db/queries/trends";
import { roundTicks, stackedMax } from "@/lib/ui/charts/ticks";
import { ChartFrame } from "./chart-frame";

interface Props {
  data: CategoryStackPoint[];
  range: TrendRange;
  labels: Record<string, string>;
}

/** Stacked bars of terminals per problem category; a click opens the table filtered to the category. */
export function CategoryTrendChart({ data, range, labels }: Props) {
  const router = useRouter();
  const format = useFormatter();
  const tick = (t: number) => format.dateTime(new Date(t), range === "24h" ? "hour" : range === "7d" ? "short" : "day");
  const ticks = roundTicks(stackedMax(data, PROBLEM_CATEGORIES));
  return (
    <ChartFrame testId="trend-chart" empty={data.every((p) => PROBLEM_CATEGORIES.every((c) => p[c] === null))}>
      <BarChart data={data} responsive style={{ width: "100%", height: 260 }} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="t" tickFormatter={tick} minTickGap={24} fontSize={12} />
        <YAxis ticks={ticks} domain={[0, ticks.at(-1)!]} allowDecimals={false} fontSize={12} />
        <Tooltip labelFormatter={(t) => format.dateTime(new Date(Number(t)), "short")} formatter={(v, name) => [v as number, labels[name as string] ?? name]} />
        <Legend formatter={(name: string) => labels[name] ?? name} />
        {PROBLEM_CATEGORIES.map((c) => (
          <Bar
            key={c}
            dataKey={c}
            stackId="problems"
            fill={CATEGORY_COLOR[c]}
            cursor="pointer"
            isAnimationActive={false}
            onClick={() => router.push(`/terminals?category=${c}`)}
          />
        ))}
      </BarChart>
    </ChartFrame>
  );
}
