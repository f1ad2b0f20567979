// Random bearer secrets (session cookies, API tokens). They carry 256 bits, so a fast SHA-256 is
// enough to store them: nothing can be guessed from the hash.
import { createHash, randomBytes } from "node:crypto";

export function randomSecret(prefix = ""): string {
  return prefix + randomBytes(32).toString("base64url");
}

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
