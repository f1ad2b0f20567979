import { AppError, badRequest } from "@/lib/errors";
import { describeIssues, heartbeatSchema, MAX_BATCH } from "./schema";

/** True for application/json and any +json media type, with or without parameters. */
export function isJsonContentType(contentType: string | undefined | null): boolean {
  if (!contentType) return false;
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

/**
 * Turns a request body into the list of heartbeat items, or throws the whole-request error.
 * Per-item problems of a batch are left to ingest, which answers them item by item.
 */
export function parseHeartbeatRequest(contentType: string | undefined | null, body: string): unknown[] {
  if (!isJsonContentType(contentType)) {
    throw new AppError("unsupported_media_type", `send the body as JSON with "Content-Type: application/json" (got ${contentType ? `"${contentType}"` : "no content type"})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (err) {
    throw badRequest(`the body is not valid JSON (${(err as Error).message}); send one heartbeat object or {"heartbeats": [...]}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw badRequest(`expected one heartbeat object or {"heartbeats": [...]}, got ${Array.isArray(json) ? "an array" : json === null ? "null" : typeof json}`);
  }
  if ("heartbeats" in json) {
    const batch = (json as { heartbeats: unknown }).heartbeats;
    const extra = Object.keys(json).filter((k) => k !== "heartbeats");
    if (extra.length) throw badRequest(`a batch has only the "heartbeats" field; remove ${extra.slice(0, 5).map((k) => `"${k}"`).join(", ")}`);
    if (!Array.isArray(batch)) throw badRequest(`"heartbeats" must be an array of heartbeat objects`);
    if (batch.length === 0) throw badRequest(`"heartbeats" is empty; send at least one heartbeat`);
    if (batch.length > MAX_BATCH) {
      throw badRequest(`"heartbeats" has ${batch.length} items; send at most ${MAX_BATCH} per request`, { maxBatch: MAX_BATCH });
    }
    return batch;
  }
  const parsed = heartbeatSchema.safeParse(json);
  if (!parsed.success) {
    const { fields, message } = describeIssues(parsed.error);
    throw badRequest(`the heartbeat is invalid: ${message}`, { fields });
  }
  return [json];
}
