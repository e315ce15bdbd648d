import { isIP } from "node:net";

/**
 * The address of the connection's other end, stamped on every request by the server itself
 * (lib/http/peer-address.ts) over whatever a client sent under that name.
 */
export const PEER_HEADER = "x-boomerang-peer";

type HeaderSource = Headers | Record<string, string | string[] | undefined> | undefined | null;

function header(headers: HeaderSource, name: string): string | null {
  if (!headers) return null;
  if (headers instanceof Headers) return headers.get(name);
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : (value ?? null);
}

let warned = false;

/** How many proxies in front of the app append to X-Forwarded-For (TRUSTED_PROXY_HOPS, default 0: none). */
export function trustedProxyHops(env: Record<string, string | undefined> = process.env): number {
  const raw = env.TRUSTED_PROXY_HOPS?.trim();
  if (!raw) return 0;
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  if (!warned) {
    warned = true;
    console.warn(`TRUSTED_PROXY_HOPS=${JSON.stringify(raw)} is not a whole number from 0 to 99: trusting no proxy (0).`);
  }
  return 0;
}

function normalise(address: string): string | null {
  const trimmed = address.trim().replace(/^\[(.*)\]$/, "$1");
  const plain = trimmed.toLowerCase().startsWith("::ffff:") && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
  return isIP(plain) ? plain : null;
}

/**
 * The client's address, for rate limits and the audit trail. The chain is the X-Forwarded-For entries
 * followed by the connection's peer; each of the `hops` trusted proxies appended the address it was called
 * from, so the client is `hops` entries left of the peer. Entries further left were written by the client
 * and are never used. With 0 hops (the default) it is the peer itself.
 *
 * A request handed to a handler in-process (tests) has no connection: its right-most X-Forwarded-For entry
 * stands in for the peer. In production a request always has one; without it the answer is "unknown".
 */
export function clientAddress(headers: HeaderSource, hops = trustedProxyHops()): string {
  const forwarded = (header(headers, "x-forwarded-for") ?? "").split(",").filter((entry) => entry.trim() !== "");
  let peer = header(headers, PEER_HEADER);
  if (peer === null) {
    if (process.env.NODE_ENV === "production") return "unknown";
    peer = forwarded.pop() ?? header(headers, "x-real-ip") ?? "local";
  }
  let address = normalise(peer) ?? peer.trim();
  // Walk left one trusted hop at a time; a hop that wrote no usable address ends the walk.
  for (let hop = 0; hop < hops; hop++) {
    const entry = forwarded.pop();
    const usable = entry === undefined ? null : normalise(entry);
    if (usable === null) break;
    address = usable;
  }
  return address;
}
