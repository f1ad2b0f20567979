// Time units and the Asia/Shanghai day, defined once. Epoch milliseconds everywhere.
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Asia/Shanghai has no daylight saving time: UTC+8 all year, so days start at 16:00 UTC. */
export const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

/** Start of the UTC hour `at` falls in. */
export function hourStart(at: number): number {
  return Math.floor(at / HOUR_MS) * HOUR_MS;
}

/** 00:00 Asia/Shanghai of the day `at` falls in, epoch ms. */
export function shanghaiDayStart(at: number): number {
  return Math.floor((at + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** Start of the UTC day `at` falls in (heartbeat partitions are UTC days). */
export function utcDayStart(at: number): number {
  return Math.floor(at / DAY_MS) * DAY_MS;
}
