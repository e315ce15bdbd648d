import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export type Served = { url: string; stop(): Promise<void> };

/** Serves a Request → Response function over Node's HTTP server (the sandboxes' API, for the SDKs and browsers). */
export async function serve(handle: (request: Request) => Promise<Response>, opts: { port?: number; host?: string } = {}): Promise<Served> {
  const host = opts.host ?? "127.0.0.1";
  const server = createServer((req, res) => void respond(req, res));
  async function respond(req: IncomingMessage, res: ServerResponse) {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const method = req.method ?? "GET";
      const request = new Request(new URL(req.url ?? "/", `http://${req.headers.host ?? host}`), { method, headers, body: method === "GET" || method === "HEAD" ? undefined : Buffer.concat(chunks) });
      const response = await handle(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(error instanceof Error ? error.message : String(error));
    }
  }
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  return { url: `http://${host}:${port}`, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
