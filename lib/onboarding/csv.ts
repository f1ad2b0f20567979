// Reading the fleet CSV: headers in English or Chinese, a UTF-8 BOM tolerated (Excel writes one).
import { parse } from "csv-parse/sync";

export const FIELDS = ["serial", "model", "merchant", "contact", "phone", "province", "city", "agent", "lat", "lon"] as const;
export type Field = (typeof FIELDS)[number];
export type CsvRecord = Record<Field, string>;

const HEADER_NAMES: Record<Field, string[]> = {
  serial: ["serial", "sn", "serial number", "序列号", "终端序列号", "机身号"],
  model: ["model", "型号", "机型"],
  merchant: ["merchant", "merchant name", "商户", "商户名称"],
  contact: ["contact", "contact name", "联系人"],
  phone: ["phone", "telephone", "电话", "联系电话", "手机"],
  province: ["province", "省", "省份"],
  city: ["city", "市", "城市"],
  agent: ["agent", "agent code", "agent_code", "代理商编码", "代理编码", "代理商"],
  // Optional: the registered place's coordinates (decimal degrees), compared with reported positions.
  lat: ["lat", "latitude", "纬度"],
  lon: ["lon", "lng", "longitude", "经度"],
};

const lookup = new Map<string, Field>();
for (const f of FIELDS) for (const name of HEADER_NAMES[f]) lookup.set(name, f);

export class CsvFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CsvFormatError";
  }
}

export interface ParsedCsv {
  /** Line number in the file (the header is line 1) and the row's fields. */
  rows: { line: number; record: CsvRecord }[];
}

export const MAX_ROWS = 5000;

/**
 * The file's text: bytes must be valid UTF-8 (a BOM is fine) and no line may hold a NUL, which no
 * spreadsheet writes and which would end a serial early in some readers. Throws CsvFormatError
 * naming the first bad line.
 */
export function decodeFleetCsv(input: string | Uint8Array): string {
  let text: string;
  if (typeof input === "string") text = input;
  else {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(input);
    } catch {
      throw new CsvFormatError(`the file is not valid UTF-8 (first bad byte on line ${firstBadUtf8Line(input)}); save it as "CSV UTF-8"`);
    }
  }
  const nul = text.indexOf("\u0000");
  if (nul >= 0) throw new CsvFormatError(`line ${lineOf(text, nul)} holds a NUL character; save the file as "CSV UTF-8"`);
  return text;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function firstBadUtf8Line(bytes: Uint8Array): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let start = 0;
  let line = 1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 10) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      start = i + 1;
      line++;
    }
  }
  return line;
}

/** Parses the text; throws CsvFormatError (naming what to fix) when it is not a usable table. */
export function parseFleetCsv(input: string | Uint8Array): ParsedCsv {
  const text = decodeFleetCsv(input);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true, info: true }) as unknown as typeof records;
  } catch (err) {
    throw new CsvFormatError(`the file is not valid CSV: ${(err as Error).message}`);
  }
  const header = records[0]?.record;
  if (!header) throw new CsvFormatError("the file is empty; the first line must name the columns");
  const columns = header.map((h) => lookup.get(h.trim().toLowerCase()) ?? null);
  const OPTIONAL: readonly Field[] = ["contact", "phone", "model", "lat", "lon"];
  const missing = FIELDS.filter((f) => !OPTIONAL.includes(f) && !columns.includes(f));
  if (missing.length) throw new CsvFormatError(`missing column(s): ${missing.join(", ")}; the first line must name: ${FIELDS.filter((f) => !OPTIONAL.includes(f)).join(", ")} (optional: ${OPTIONAL.join(", ")})`);
  if (records.length - 1 > MAX_ROWS) throw new CsvFormatError(`the file has ${records.length - 1} rows; import at most ${MAX_ROWS} at a time`);
  const rows = records.slice(1).map(({ record: cells, info }) => {
    const record = Object.fromEntries(FIELDS.map((f) => [f, ""])) as CsvRecord;
    columns.forEach((f, c) => {
      if (f) record[f] = (cells[c] ?? "").trim();
    });
    // Serials are compared and stored in one form: the way terminals print them, upper case.
    record.serial = record.serial.toUpperCase();
    return { line: info.lines, record };
  });
  return { rows };
}
