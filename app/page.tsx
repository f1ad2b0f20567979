import { getDb } from "@/db/client";

export const dynamic = "force-dynamic";

export default function OverviewPage() {
  const rows = getDb()
    .$client.prepare(`SELECT category, count(*) AS n FROM terminal_state GROUP BY category ORDER BY category`)
    .all() as { category: string; n: number }[];
  return (
    <main>
      <h1>POS Fleet Health</h1>
      <ul>
        {rows.map((r) => (
          <li key={r.category}>
            {r.category}: {r.n}
          </li>
        ))}
      </ul>
    </main>
  );
}
