import { once } from "node:events";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { clientAddress, PEER_HEADER, trustedProxyHops } from "./client-address";
import { stampPeerAddresses } from "./peer-address";
import { clientIp } from "./route";

const headers = (xff: string | null, peer: string | null) => {
  const h = new Headers();
  if (xff !== null) h.set("x-forwarded-for", xff);
  if (peer !== null) h.set(PEER_HEADER, peer);
  return h;
};

afterEach(() => vi.unstubAllEnvs());

describe("clientAddress", () => {
  it("with no trusted proxy (the default) is the connection's peer, whatever X-Forwarded-For the client sent", () => {
    expect(clientAddress(headers("198.51.100.7", "203.0.113.5"))).toBe("203.0.113.5");
    expect(clientAddress(headers("198.51.100.7, 198.51.100.8", "203.0.113.5"), 0)).toBe("203.0.113.5");
  });

  it("the route wrapper's rate-limit address is not the client's to choose", () => {
    const req = new Request("http://localhost/api/x", { headers: headers("198.51.100.7", "203.0.113.5") });
    expect(clientIp(req)).toBe("203.0.113.5");
  });

  it("trusts exactly TRUSTED_PROXY_HOPS appended entries, never the ones the client wrote further left", () => {
    // client-chosen, then the address the load balancer saw; the peer is the load balancer.
    const h = headers("6.6.6.6, 198.51.100.7", "10.0.0.2");
    expect(clientAddress(h, 1)).toBe("198.51.100.7");
    const twoHops = headers("6.6.6.6, 198.51.100.7, 10.0.0.9", "10.0.0.2");
    expect(clientAddress(twoHops, 2)).toBe("198.51.100.7");
    vi.stubEnv("TRUSTED_PROXY_HOPS", "1");
    expect(clientAddress(h)).toBe("198.51.100.7");
  });

  it("stops at the last trusted address when a hop wrote nothing usable", () => {
    expect(clientAddress(headers(null, "10.0.0.2"), 1)).toBe("10.0.0.2");
    expect(clientAddress(headers("not-an-address", "10.0.0.2"), 1)).toBe("10.0.0.2");
  });

  it("reads next-auth's plain header objects and unwraps IPv4-mapped IPv6", () => {
    expect(clientAddress({ "x-forwarded-for": "6.6.6.6", [PEER_HEADER]: "::ffff:127.0.0.1" }, 0)).toBe("127.0.0.1");
  });

  it("without a connection (a handler called in-process) the right-most entry stands in for the peer; in production it is unknown", () => {
    expect(clientAddress(headers("6.6.6.6, 192.0.2.1", null), 0)).toBe("192.0.2.1");
    vi.stubEnv("NODE_ENV", "production");
    expect(clientAddress(headers("6.6.6.6, 192.0.2.1", null), 0)).toBe("unknown");
  });

  it("reads TRUSTED_PROXY_HOPS as a whole number and falls back to 0 on anything else", () => {
    expect(trustedProxyHops({})).toBe(0);
    expect(trustedProxyHops({ TRUSTED_PROXY_HOPS: "2" })).toBe(2);
    expect(trustedProxyHops({ TRUSTED_PROXY_HOPS: "-1" })).toBe(0);
    expect(trustedProxyHops({ TRUSTED_PROXY_HOPS: "lots" })).toBe(0);
  });
});

describe("the peer stamp", () => {
  it("writes the socket's address over a client-sent peer header, before the server's handler runs", async () => {
    stampPeerAddresses();
    const server = createServer((req, res) => res.end(JSON.stringify({ peer: req.headers[PEER_HEADER], address: clientAddress(req.headers, 0) })));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const { port } = server.address() as AddressInfo;
      const req = request({ port, host: "127.0.0.1", path: "/", headers: { [PEER_HEADER]: "6.6.6.6", "x-forwarded-for": "6.6.6.7" } });
      req.end();
      const [res] = (await once(req, "response")) as [import("node:http").IncomingMessage];
      let text = "";
      for await (const chunk of res) text += chunk;
      expect(JSON.parse(text)).toEqual({ peer: "127.0.0.1", address: "127.0.0.1" });
    } finally {
      server.close();
    }
  });
});
