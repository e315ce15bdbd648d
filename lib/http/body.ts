import { DomainError } from "@/lib/errors";

/** What a route reads when it declares no cap of its own. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export function bodyTooLarge(cap: number): DomainError {
  return new DomainError("PAYLOAD_TOO_LARGE", `The body must be at most ${cap} bytes.`);
}

/**
 * `source` passed on at most `cap` bytes at a time it is asked for (one chunk per pull, nothing read ahead).
 * The chunk that passes the cap is still handed on, so a reader that counts for itself sees it and answers;
 * the source is cancelled at once and the next read fails with 413. `exceeded()` says whether that happened.
 */
export function capStream(source: ReadableStream<Uint8Array>, cap: number): { stream: ReadableStream<Uint8Array>; exceeded: () => boolean } {
  const reader = source.getReader();
  let size = 0;
  let over = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (over) {
          controller.error(bodyTooLarge(cap));
          return;
        }
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        size += value.byteLength;
        if (size > cap) {
          over = true;
          await reader.cancel().catch(() => undefined);
        }
        controller.enqueue(value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, exceeded: () => over };
}

/** Reads a whole stream, refusing (413) as soon as it passes `cap` bytes. */
export async function readCapped(body: ReadableStream<Uint8Array> | null, cap: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (body) {
    const reader = body.getReader();
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (error) {
        if (error instanceof DomainError && error.code === "PAYLOAD_TOO_LARGE") throw bodyTooLarge(cap);
        throw new DomainError("VALIDATION", "The request body could not be read.");
      }
      if (next.done) break;
      size += next.value.byteLength;
      if (size > cap) {
        await reader.cancel().catch(() => undefined);
        throw bodyTooLarge(cap);
      }
      chunks.push(next.value);
    }
  }
  return Buffer.concat(chunks, size);
}

/** Parses a JSON body already read: an empty body is `{}` (an action with no options); 400 when not JSON. */
export function parseJsonBody(raw: Buffer): unknown {
  const text = raw.toString("utf8").trim();
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
