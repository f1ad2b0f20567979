import pino from "pino";
import { CONFIG, env, type ConfigValue } from "@/lib/config";

/** A bad LOG_LEVEL must not stop the logger itself: it logs at the default, and start-up refuses the value. */
function level(): string {
  let chosen: ConfigValue<"LOG_LEVEL">;
  try {
    chosen = env("LOG_LEVEL");
  } catch {
    chosen = undefined;
  }
  return chosen ?? (process.env.NODE_ENV === "test" ? "silent" : CONFIG.LOG_LEVEL.default);
}

/** Structured JSON logs. Authorization headers and key material are redacted wherever they appear. */
export const log = pino({
  level: level(),
  redact: { paths: ["req.headers.authorization", "req.headers.cookie", "key", "password", "*.key", "*.password"], censor: "[redacted]" },
  base: { service: "pos-fleet-health" },
});
