import pino from "pino";

/** Structured JSON logs. Authorization headers and key material are redacted wherever they appear. */
export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  redact: { paths: ["req.headers.authorization", "req.headers.cookie", "key", "password", "*.key", "*.password"], censor: "[redacted]" },
  base: { service: "pos-fleet-health" },
});
