import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError } from "@/lib/errors";
import { toProblem } from "@/lib/http/problem";

/** Reads the body up to `limit` bytes; a longer body is refused with 413 without buffering it. */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? NaN);
    if (declared > limit) {
      req.resume();
      reject(tooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function tooLarge(limit: number): AppError {
  return new AppError("payload_too_large", `the body is larger than ${limit} bytes; split the batch into smaller requests`, { limitBytes: limit });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendProblem(res: ServerResponse, err: unknown, headers: Record<string, string> = {}): number {
  const problem = toProblem(err);
  const text = JSON.stringify(problem);
  res.writeHead(problem.status, { "content-type": "application/problem+json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
  return problem.status;
}
