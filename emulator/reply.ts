import type { IncomingMessage } from "node:http";

/**
 * A response the emulator has decided on but not yet written.
 *
 * Route handlers return a `Reply` instead of writing to the socket, so that the server alone
 * decides when (after a delay) and whether (not after `close()`) to send it.
 */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  /** Serialized body; the empty string sends no body. */
  body: string;
}

/**
 * Content type of Atlas error bodies, which are never versioned.
 */
const JSON_CONTENT_TYPE = "application/json";

/**
 * Builds a reply with a JSON body.
 *
 * @param indent - spaces of indentation, for Atlas's `pretty=true`
 */
export function jsonReply(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType: string = JSON_CONTENT_TYPE,
  indent = 0,
): Reply {
  return {
    status,
    headers: { "Content-Type": contentType, ...headers },
    body: JSON.stringify(body, null, indent),
  };
}

/**
 * Largest request body the emulator reads; its only bodies are tiny OAuth forms.
 * @unit bytes
 */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads a request body as UTF-8, or resolves `undefined` when it is larger than
 * {@link MAX_BODY_BYTES}.
 */
export async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      return undefined;
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
