import { lookup as dnsLookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { DomainError } from "@/lib/errors";

/**
 * Endpoint URLs in production: https only, and never an address inside the platform's network (private,
 * loopback, link-local, CGNAT, multicast…), checked when saved and again at every delivery, on the addresses
 * the name resolves to then (a name may be pointed at 127.0.0.1 after it was saved). A demo install
 * (BOOMERANG_DEMO=1) and development accept http and loopback, so the whole loop runs on one machine.
 */
export function strictUrls(): boolean {
  return process.env.NODE_ENV === "production" && process.env.BOOMERANG_DEMO !== "1";
}

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["2001:db8::", 32],
] as const) {
  blocked.addSubnet(net, prefix, "ipv6");
}

/** True for an address a webhook must never reach in production. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family !== 6) return true;
  const lower = address.toLowerCase();
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) carry an IPv4 address: judge that one.
  const embedded = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (embedded) return blocked.check(embedded[1]!, "ipv4");
  if (/^(?:::ffff:|64:ff9b::)[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(lower)) {
    const [hi, lo] = lower.split(":").slice(-2).map((h) => parseInt(h, 16)) as [number, number];
    return blocked.check(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, "ipv4");
  }
  return blocked.check(address, "ipv6");
}

const LOCAL_NAMES = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i;

/** The endpoint URL, or a VALIDATION error naming what is wrong with it (field `url`). */
export function checkEndpointUrl(raw: string, opts: { strict?: boolean } = {}): URL {
  const strict = opts.strict ?? strictUrls();
  const refuse = (message: string): never => {
    throw new DomainError("VALIDATION", message, { field: "url" });
  };
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return refuse("Enter a full URL, e.g. https://example.com/webhooks/boomerang");
  }
  if (raw.length > 2000) refuse("That URL is too long (at most 2000 characters)");
  if (url.protocol !== "https:" && !(url.protocol === "http:" && !strict)) refuse("The URL must start with https://");
  if (url.username || url.password) refuse("Put no user name or password in the URL; verify our signature instead");
  if (!strict) return url;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) {
    if (isForbiddenAddress(host)) refuse("That address is private or local: webhooks go to public addresses only");
  } else if (LOCAL_NAMES.test(host) || !host.includes(".")) {
    refuse("That host name is local: webhooks go to public addresses only");
  }
  return url;
}

export type ResolvedAddress = { address: string; family: number };
/** Resolves a host name to all its addresses (injectable: tests point a name at loopback). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | ResolvedAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request that resolves once and refuses (strict mode) when any address is forbidden,
 * so the connection goes to the very address that was checked (no second resolution to rebind).
 */
export function guardedLookup(resolve: Resolver, strict: boolean) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback) => {
    resolve(hostname).then(
      (addresses) => {
        if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} does not resolve`), { code: "ENOTFOUND" }), []);
        const bad = strict ? addresses.find((a) => isForbiddenAddress(a.address)) : undefined;
        if (bad) return callback(Object.assign(new Error(`${hostname} resolves to ${bad.address}, a private or local address: refused`), { code: "EFORBIDDEN_ADDRESS" }), []);
        if (options.all) return callback(null, addresses);
        callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, []),
    );
  };
}
