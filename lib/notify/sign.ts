// Request signatures of each channel kind, as their platforms document them.
import { createHmac } from "node:crypto";

/**
 * DingTalk custom robot, "加签": HmacSHA256 keyed with the secret over `timestamp + "\n" + secret`,
 * Base64; sent url-encoded as the `sign` query parameter next to `timestamp` (epoch ms).
 */
export function dingtalkSign(timestampMs: number, secret: string): string {
  return createHmac("sha256", secret).update(`${timestampMs}\n${secret}`, "utf8").digest("base64");
}

/**
 * Feishu/Lark custom bot, "签名校验": `timestamp + "\n" + secret` is the HMAC-SHA256 key over an
 * empty message, Base64; sent as `timestamp` (epoch seconds, a string) and `sign` in the JSON body.
 */
export function feishuSign(timestampSec: number, secret: string): string {
  return createHmac("sha256", `${timestampSec}\n${secret}`).update("").digest("base64");
}

/** Generic webhook: hex HMAC-SHA256 of `timestamp + "." + body` keyed with the secret (docs/webhooks.md). */
export function webhookSignature(timestampSec: number, body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestampSec}.${body}`, "utf8").digest("hex")}`;
}
