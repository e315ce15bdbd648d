import { DomainError } from "@/lib/errors";

/** The largest JSON body an API endpoint reads. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/**
 * Reads a JSON body, stopping as soon as it passes `cap` bytes (whatever Content-Length says: a chunked body
 * is counted while it streams). An empty body is `{}` (an action with no options). 413 when too large, 400
 * when not JSON.
 */
export async function readJsonBody(req: Request, cap = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > cap) throw new DomainError("PAYLOAD_TOO_LARGE", `The body must be at most ${cap} bytes.`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > cap) {
        await reader.cancel().catch(() => undefined);
        throw new DomainError("PAYLOAD_TOO_LARGE", `The body must be at most ${cap} bytes.`);
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks, size).toString("utf8").trim();
  if (text === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError("VALIDATION", "The body is not valid JSON.");
  }
}

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "cache-control": "no-store" } });
}
