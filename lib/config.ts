// The product's configuration: the environment variables in lib/domain/config.ts, read from this
// process. The server checks them all once at start-up (loadConfig, lib/server/main.ts) and
// refuses to start on a bad value; modules then read the variable they need with env(), which
// re-parses only when the value changes (tests change some between cases).
import { CONFIG, ConfigError, parseConfig, readConfigVar, type Config, type ConfigName, type ConfigValue, type Env } from "@/lib/domain/config";

export { CONFIG, ConfigError, type Config, type ConfigName, type ConfigValue };

/** One variable's value, its default when unset; throws ConfigError naming the variable on a bad value. */
export function env<K extends ConfigName>(name: K, source: Env = process.env): ConfigValue<K> {
  return readConfigVar(name, source);
}

/** All variables, checked together; the ConfigError lists every bad one with what is allowed. */
export function loadConfig(source: Env = process.env): Config {
  return parseConfig(source);
}
