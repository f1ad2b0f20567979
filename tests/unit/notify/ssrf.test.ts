// Which receiver addresses a notification may reach.
import { afterEach, describe, expect, it } from "vitest";
import { blockReason, checkReceiverUrl, embeddedIPv4, parseAllowList, refusedAddress } from "@/lib/notify/ssrf";

afterEach(() => {
  delete process.env.NOTIFY_ALLOW_PRIVATE;
});

/** The host a URL really names, as the WHATWG parser (and so the HTTP client) reads it. */
const hostOf = (url: string) => new URL(url).hostname;

describe("blockReason", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["fd12:3456::1", "private"],
    ["169.254.169.254", "link_local"],
    ["fe80::1", "link_local"],
    ["fe80::1%eth0", "link_local"],
    ["100.64.0.1", "shared"],
    ["100.127.255.255", "shared"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["255.255.255.255", "reserved"],
    ["240.0.0.1", "reserved"],
    ["198.18.0.1", "reserved"],
    ["192.0.2.1", "documentation"],
    ["2001:db8::1", "documentation"],
    // IPv4 hidden in IPv6: mapped, mapped in hex, NAT64, IPv4-compatible.
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["[::ffff:7f00:1]", "loopback"],
    ["0:0:0:0:0:ffff:a9fe:a9fe", "link_local"],
    ["::ffff:10.0.0.1", "private"],
    ["64:ff9b::127.0.0.1", "loopback"],
    ["64:ff9b::a9fe:a9fe", "link_local"],
    ["::127.0.0.1", "loopback"],
    ["not an address", "reserved"],
  ])("%s is %s", (ip, reason) => {
    expect(blockReason(ip)).toBe(reason);
  });

  it.each(["8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::8.8.8.8"])("%s is public", (ip) => {
    expect(blockReason(ip)).toBeNull();
  });

  it("the odd spellings of an address reach the classifier in their plain form", () => {
    expect(blockReason(hostOf("http://2130706433/"))).toBe("loopback");
    expect(blockReason(hostOf("http://0x7f.1/"))).toBe("loopback");
    expect(blockReason(hostOf("http://0177.0.0.1/"))).toBe("loopback");
    expect(blockReason(hostOf("http://[::ffff:127.0.0.1]/"))).toBe("loopback");
    expect(blockReason(hostOf("http://169.254.169.254/latest/meta-data/"))).toBe("link_local");
  });

  it("embeddedIPv4 reads mapped, NAT64 and compatible forms only", () => {
    expect(embeddedIPv4("::ffff:7f00:1")).toBe("127.0.0.1");
    expect(embeddedIPv4("64:ff9b::808:808")).toBe("8.8.8.8");
    expect(embeddedIPv4("2606:4700::1111")).toBeNull();
    expect(embeddedIPv4("::1")).toBeNull();
    expect(embeddedIPv4("10.0.0.1")).toBeNull();
  });
});

describe("NOTIFY_ALLOW_PRIVATE", () => {
  it("lets the listed networks through, in every spelling, and nothing else", () => {
    expect(refusedAddress("127.0.0.1")).toBe("loopback");
    process.env.NOTIFY_ALLOW_PRIVATE = "127.0.0.1/32, 10.20.0.0/16,fd00::/8";
    expect(refusedAddress("127.0.0.1")).toBeNull();
    expect(refusedAddress("::ffff:127.0.0.1")).toBeNull();
    expect(refusedAddress("127.0.0.2")).toBe("loopback");
    expect(refusedAddress("10.20.3.4")).toBeNull();
    expect(refusedAddress("10.21.0.1")).toBe("private");
    expect(refusedAddress("fd00::5")).toBeNull();
    expect(refusedAddress("169.254.169.254")).toBe("link_local");
  });

  it("a malformed entry is an error, not an open door", () => {
    expect(() => parseAllowList("10.0.0.0/33")).toThrow(/NOTIFY_ALLOW_PRIVATE/);
    expect(() => parseAllowList("example.com")).toThrow(/NOTIFY_ALLOW_PRIVATE/);
    expect(parseAllowList(" , ")).toBeNull();
  });
});

describe("checkReceiverUrl", () => {
  it("refuses address literals and names that resolve to refused addresses", async () => {
    expect(await checkReceiverUrl("http://127.0.0.1:8080/hook")).toBe("loopback");
    expect(await checkReceiverUrl("http://2130706433/hook")).toBe("loopback");
    expect(await checkReceiverUrl("http://[::ffff:127.0.0.1]/hook")).toBe("loopback");
    expect(await checkReceiverUrl("http://169.254.169.254/latest")).toBe("link_local");
    expect(await checkReceiverUrl("http://localhost:9/hook")).toBe("loopback");
    expect(await checkReceiverUrl("https://8.8.8.8/hook")).toBeNull();
  });
});
