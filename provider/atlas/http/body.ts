/**
 * Reading a response body as JSON, and saying plainly when it is not JSON: a proxy's HTML error
 * page, a body cut off on the way, or no body at all. Such a body gets a message that names the
 * status, the content type and the size, never a schema error about `undefined`.
 */

/** A body read as JSON: its value, or the fact that it is not JSON (empty bodies included). */
export type JsonBody = { readonly ok: true; readonly json: unknown } | { readonly ok: false };

/**
 * The most characters of a body quoted in a message. An error page's first words usually say
 * who answered (`<title>502 Bad Gateway</title>…nginx`); more would flood a CI log line.
 */
const MAX_BODY_EXCERPT_CHARS = 80;

/** The most characters of a `Content-Type` value quoted in a message. */
const MAX_CONTENT_TYPE_CHARS = 100;

/** Parses `body` as JSON (RFC 8259); an empty or malformed body is not JSON. */
export function parseJsonBody(body: string): JsonBody {
  if (body.trim() === "") {
    return { ok: false };
  }
  try {
    return { ok: true, json: JSON.parse(body) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Cuts `text` to `max` characters, marking the cut with `…`. */
function bounded(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * Says that a response is not JSON, with its content type and size, e.g. `the response is not
 * JSON (content-type text/html, 157 bytes)`.
 *
 * @param options.excerpt - also quote the body's first {@link MAX_BODY_EXCERPT_CHARS}
 *   characters, whitespace folded. Only for error statuses: a 2xx body may hold a token.
 */
export function describeNonJson(
  response: { readonly headers: Readonly<Record<string, string>>; readonly body: string },
  options: { readonly excerpt?: boolean } = {},
): string {
  const contentType = bounded(response.headers["content-type"] ?? "none", MAX_CONTENT_TYPE_CHARS);
  const bytes = Buffer.byteLength(response.body, "utf8");
  if (bytes === 0) {
    return `the response is not JSON (content-type ${contentType}, empty body)`;
  }
  const size = `${bytes} byte${bytes === 1 ? "" : "s"}`;
  const folded = response.body.replace(/\s+/g, " ").trim();
  const excerpt =
    options.excerpt === true && folded !== ""
      ? `, beginning ${JSON.stringify(bounded(folded, MAX_BODY_EXCERPT_CHARS))}`
      : "";
  return `the response is not JSON (content-type ${contentType}, ${size}${excerpt})`;
}
