import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { PEER_HEADER } from "./client-address";

let stamping = false;

type RequestStart = { request: IncomingMessage; socket: Socket };

/** Writes the connection's address into PEER_HEADER, over anything the client sent under that name. */
export function stampPeer({ request, socket }: RequestStart): void {
  request.headers[PEER_HEADER] = socket.remoteAddress ?? "unknown";
}

/**
 * Route handlers and actions see a Request, which carries no socket. Node announces every HTTP request on
 * the `http.server.request.start` channel before the server's handler (Next) sees it, with its socket: we
 * stamp the peer's address there. Called once from instrumentation.ts.
 */
export function stampPeerAddresses(): void {
  if (stamping) return;
  stamping = true;
  subscribe("http.server.request.start", (message) => stampPeer(message as RequestStart));
}
