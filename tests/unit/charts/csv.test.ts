import { describe, expect, it } from "vitest";
import { csvLine, terminalCsvRow } from "@/lib/ui/csv";
import type { TerminalRow } from "@/db/queries/terminals";

describe("csvLine", () => {
  it("quotes commas, quotes and line breaks and ends with CRLF", () => {
    expect(csvLine(["a", 'say "hi"', "x,y", "two\nlines", 5, null])).toBe('a,"say ""hi""","x,y","two\nlines",5,\r\n');
  });

  it("defuses text a spreadsheet would run as a formula, but not numbers", () => {
    expect(csvLine(["=HYPERLINK(1)", "+1", "@x", -70])).toBe("'=HYPERLINK(1),'+1,'@x,-70\r\n");
  });

  it("writes a terminal row with translated labels and Shanghai time", () => {
    const row: TerminalRow = {
      id: 1, sn: "PFH1", merchant: "杭州便利店", city: "杭州", agentId: 2, agentName: "华东代理", model: "P8",
      status: "offline", category: "network", severity: "warning", batteryPct: 40, charging: false, signalDbm: null,
      network: "NONE", firmware: "2.4.1", compliance: "ok", lastSeenAt: Date.UTC(2026, 0, 1, 16, 0, 0),
    };
    const fmt = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai", dateStyle: "short", timeStyle: "medium" });
    expect(terminalCsvRow(row, (k) => k.split(".").at(-1)!, fmt)).toEqual(["PFH1", "杭州便利店", "杭州", "华东代理", "offline", "network", "warning", 40, null, "2.4.1", "2026-01-02 00:00:00"]);
  });
});
