// Notification channels post to URLs an admin typed. Without a check, that is a way to make the
// server talk to itself, the cloud metadata service (169.254.169.254) or the office network, and
// to read what answers. Every address a channel would reach is classified here; loopback, private,
// link-local, shared (CGNAT), multicast, reserved and unspecified ranges are refused, including
// the IPv4-mapped and NAT64 IPv6 forms of those, unless the operator lists them in
// NOTIFY_ALLOW_PRIVATE (comma-separated CIDRs, for on-premises receivers).
//
// The check runs when a channel is saved (the host is resolved) and again on every delivery, on
// the address actually connected to: the outgoing request resolves through `guardedLookup`, so a
// name that resolves to a public address at save time and to 127.0.0.1 later (DNS rebinding) is
// refused at connect time.
import dns from "node:dns";
import { env as readEnv } from "@/lib/config";
import { BlockList, isIP } from "node:net";

export type BlockReason = "loopback" | "private" | "link_local" | "shared" | "multicast" | "reserved" | "unspecified" | "documentation";

const RANGES: [BlockReason, "ipv4" | "ipv6", string, number][] = [
  ["unspecified", "ipv4", "0.0.0.0", 8],
  ["private", "ipv4", "10.0.0.0", 8],
  ["shared", "ipv4", "100.64.0.0", 10],
  ["loopback", "ipv4", "127.0.0.0", 8],
  ["link_local", "ipv4", "169.254.0.0", 16],
  ["private", "ipv4", "172.16.0.0", 12],
  ["reserved", "ipv4", "192.0.0.0", 24],
  ["documentation", "ipv4", "192.0.2.0", 24],
  ["private", "ipv4", "192.168.0.0", 16],
  ["reserved", "ipv4", "198.18.0.0", 15],
  ["documentation", "ipv4", "198.51.100.0", 24],
  ["documentation", "ipv4", "203.0.113.0", 24],
  ["multicast", "ipv4", "224.0.0.0", 4],
  ["reserved", "ipv4", "240.0.0.0", 4],
  ["unspecified", "ipv6", "::", 128],
  ["loopback", "ipv6", "::1", 128],
  // IPv4-compatible (deprecated) addresses: nothing public lives there.
  ["reserved", "ipv6", "::", 96],
  ["reserved", "ipv6", "100::", 64],
  ["documentation", "ipv6", "2001:db8::", 32],
  ["private", "ipv6", "fc00::", 7],
  ["link_local", "ipv6", "fe80::", 10],
  ["private", "ipv6", "fec0::", 10],
  ["multicast", "ipv6", "ff00::", 8],
];

const BLOCKS: [BlockReason, BlockList][] = (() => {
  const byReason = new Map<BlockReason, BlockList>();
  for (const [reason, family, net, prefix] of RANGES) {
    let list = byReason.get(reason);
    if (!list) byReason.set(reason, (list = new BlockList()));
    list.addSubnet(net, prefix, family);
  }
  return [...byReason];
})();

/** The 16 bytes of an IPv6 address (any textual form), or null. */
function ipv6Bytes(text: string): number[] | null {
  let s = text;
  let tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    if (isIP(dotted[1]!) !== 4) return null;
    tail = dotted[1]!.split(".").map(Number);
    s = s.slice(0, -dotted[1]!.length) + "0:0";
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((h) => parseInt(h, 16)));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const groups = halves.length === 2 ? [...head, ...Array<number>(8 - head.length - rest.length).fill(0), ...rest] : head;
  if (groups.length !== 8 || groups.some((g) => !Number.isInteger(g) || g < 0 || g > 0xffff)) return null;
  const bytes = groups.flatMap((g) => [g >> 8, g & 0xff]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

/**
 * The IPv4 address an IPv6 address stands for, when it embeds one: IPv4-mapped (::ffff:a.b.c.d),
 * NAT64 (64:ff9b::a.b.c.d) or IPv4-compatible (::a.b.c.d). Otherwise null.
 */
export function embeddedIPv4(ip: string): string | null {
  if (isIP(ip) !== 6) return null;
  const b = ipv6Bytes(ip);
  if (!b) return null;
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const mapped = zero(0, 10) && b[10] === 0xff && b[11] === 0xff;
  const nat64 = b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12);
  const compatible = zero(0, 12) && !zero(12, 16) && !(zero(12, 15) && b[15] === 1);
  return mapped || nat64 || compatible ? b.slice(12).join(".") : null;
}

/** Strips the brackets and zone of an address as URLs and sockets spell it. */
function bare(ip: string): string {
  return ip.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
}

/** Why an address must not be reached, or null for a public address. */
export function blockReason(address: string): BlockReason | null {
  const ip = bare(address);
  const family = isIP(ip);
  if (family === 0) return "reserved";
  const v4 = family === 6 ? embeddedIPv4(ip) : ip;
  if (v4) {
    for (const [reason, list] of BLOCKS) if (list.check(v4, "ipv4")) return reason;
    return null;
  }
  for (const [reason, list] of BLOCKS) if (list.check(ip, "ipv6")) return reason;
  return null;
}

let allowCache: { env: string; list: BlockList | null } | undefined;

/** NOTIFY_ALLOW_PRIVATE as a list; an entry that is not a CIDR or an address is a start-up error. */
export function parseAllowList(env: string): BlockList | null {
  const entries = env.split(",").map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const e of entries) {
    const [net, prefixText] = e.split("/");
    const ip = bare(net ?? "");
    const family = isIP(ip);
    const max = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
      throw new Error(`NOTIFY_ALLOW_PRIVATE: "${e}" is not an address or CIDR (e.g. 10.0.0.0/8, fd00::/8)`);
    }
    list.addSubnet(ip, prefix, family === 4 ? "ipv4" : "ipv6");
  }
  return list;
}

function allowList(): BlockList | null {
  const env = readEnv("NOTIFY_ALLOW_PRIVATE");
  if (allowCache?.env !== env) allowCache = { env, list: parseAllowList(env) };
  return allowCache.list;
}

/** True when the operator allowed this (otherwise refused) address. */
export function isAllowedPrivate(address: string): boolean {
  const list = allowList();
  if (!list) return false;
  const ip = bare(address);
  const v4 = isIP(ip) === 6 ? embeddedIPv4(ip) : null;
  return v4 ? list.check(v4, "ipv4") || list.check(ip, "ipv6") : list.check(ip, isIP(ip) === 4 ? "ipv4" : "ipv6");
}

/** Why a delivery to this address is refused (blocked and not on the allow list), or null. */
export function refusedAddress(address: string): BlockReason | null {
  const reason = blockReason(address);
  return reason && !isAllowedPrivate(address) ? reason : null;
}

/** A refused receiver address; its message never holds the address or the response. */
export class BlockedAddressError extends Error {
  readonly code = "EBLOCKEDADDRESS";
  constructor(readonly reason: BlockReason) {
    super(`the receiver's address is not allowed (${reason.replace("_", "-")}); an operator can allow on-premises networks with NOTIFY_ALLOW_PRIVATE`);
    this.name = "BlockedAddressError";
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net/http/https: resolves as usual, then refuses the connection when any address
 * the name resolves to is refused, so the socket never opens towards it.
 */
export function guardedLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, "", 0);
    for (const a of addresses) {
      const reason = refusedAddress(a.address);
      if (reason) return callback(new BlockedAddressError(reason) as NodeJS.ErrnoException, "", 0);
    }
    if (addresses.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }), "", 0);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

const SAVE_LOOKUP_TIMEOUT_MS = 3_000;

/**
 * Checks a receiver URL before it is saved: an address literal is classified, a name is resolved
 * and every address it has is classified. Returns the reason for refusal, "unresolvable", or null.
 */
export async function checkReceiverUrl(url: string): Promise<BlockReason | "unresolvable" | null> {
  let host: string;
  try {
    host = bare(new URL(url).hostname);
  } catch {
    return "reserved";
  }
  if (isIP(host)) return refusedAddress(host);
  let addresses: dns.LookupAddress[];
  let timer: NodeJS.Timeout | undefined;
  try {
    addresses = await Promise.race([
      dns.promises.lookup(host, { all: true }),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("lookup timed out")), SAVE_LOOKUP_TIMEOUT_MS))),
    ]);
  } catch {
    return "unresolvable";
  } finally {
    clearTimeout(timer);
  }
  for (const a of addresses) {
    const reason = refusedAddress(a.address);
    if (reason) return reason;
  }
  return addresses.length ? null : "unresolvable";
}
