// The CSV download sends its header before the first read of rows starts, and reads rows only as
// the client takes chunks (back-pressure), closing the row source when the client goes away.
import { describe, expect, it } from "vitest";
import { csvResponse } from "@/lib/ui/csv";

function source(total: number) {
  const log = { started: false, read: 0, closed: false };
  async function* rows() {
    log.started = true;
    try {
      for (let i = 0; i < total; i++) {
        log.read++;
        yield { n: i, name: i % 2 ? "茶饮, 店" : "便利店" };
      }
    } finally {
      log.closed = true;
    }
  }
  return { log, rows: rows() };
}

const decode = (c: Uint8Array | undefined) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(c);

describe("csvResponse", () => {
  it("gives the BOM and header before any row is read, then the rows in chunks as they are taken", async () => {
    const { log, rows } = source(1200);
    const res = csvResponse({ header: ["序号", "商户"], rows, line: (r) => [r.n, r.name], filename: "x.csv", rowsPerChunk: 500 });
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="x.csv"');
    const reader = res.body!.getReader();
    const head = await reader.read();
    await Promise.resolve();
    expect(decode(head.value)).toBe("\uFEFF序号,商户\r\n");
    expect(log.started).toBe(false); // the first row waits for a timer turn, so the header leaves first
    const first = decode((await reader.read()).value);
    expect(first.split("\r\n").filter(Boolean)).toHaveLength(500);
    expect(first).toContain('1,"茶饮, 店"');
    expect(log.read).toBeLessThanOrEqual(1001); // the next chunk at most, not the whole source
    await reader.cancel();
    expect(log.closed).toBe(true);
  });

  it("ends after the last row", async () => {
    const { rows } = source(3);
    const text = await csvResponse({ header: ["n", "name"], rows, line: (r) => [r.n, r.name], filename: "x.csv" }).text();
    expect(text.split("\r\n").filter(Boolean)).toHaveLength(4);
  });
});
