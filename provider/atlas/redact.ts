/**
 * What a message may show of a value the user gave: URLs without their secrets, and any value
 * cut to a short prefix. Every message, warning and error property that quotes a URL or an
 * argument goes through these two functions, so that the rule lives in one place.
 */

/** What replaces a secret (or a part that cannot be shown safely) in a message. */
export const REDACTED = "[REDACTED]";

/** How many characters of a bad value a message shows at most. */
const EXCERPT_CHARS = 40;

/**
 * A value quoted in full when it is this short (in characters of its JSON text); longer ones are
 * cut to {@link EXCERPT_CHARS}. An excerpt of a value of up to 10⁹ characters is itself no longer
 * than this, so cutting is idempotent: an excerpt is never cut again.
 */
const QUOTE_WHOLE_CHARS = 64;

/**
 * A value as messages may quote it: the value itself when its JSON text is short, otherwise a
 * string of its first {@link EXCERPT_CHARS} characters (of that text, for a non-string), then
 * `… (N characters)`. Cuts between code points, never inside a surrogate pair.
 *
 * @example
 * ```ts
 * excerpt("x".repeat(20_000)); // "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (20000 characters)"
 * ```
 */
export function excerpt(value: unknown): unknown {
  const text = typeof value === "string" ? value : safeJson(value);
  if (text === undefined || text.length <= QUOTE_WHOLE_CHARS) {
    return value;
  }
  const codePoints = Array.from(text);
  return `${codePoints.slice(0, EXCERPT_CHARS).join("")}… (${codePoints.length} characters)`;
}

/** `JSON.stringify`, or `undefined` for what it cannot represent (cycles, BigInt, functions). */
function safeJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** {@link excerpt} as JSON text, ready to interpolate: `"orders"`, `"xxxx… (20000 characters)"`. */
export function quote(value: unknown): string {
  const shown = excerpt(value);
  return safeJson(shown) ?? String(shown);
}

/**
 * A URL as messages may quote it. Parsed (WHATWG URL), its user info, query and fragment are
 * replaced by {@link REDACTED} — the user info holds passwords and tokens, and a query may carry
 * an API key; a URL with none of them is quoted as given. A value that does not parse and has an
 * `@`, `?` or `#` cannot be split safely into parts (where does the user info of
 * `https://user:se cret@host` end?), so only its scheme is kept, when it is a plain `scheme://`;
 * one without them has no place for a secret and is quoted as given. The result is JSON-quoted
 * and cut by {@link quote}.
 *
 * @example
 * ```ts
 * redactUrl("http://user:secret@example.com/x?k=1"); // "\"http://[REDACTED]@example.com/x?[REDACTED]\""
 * redactUrl("https://user:secret@exa mple.com");     // "\"https://[REDACTED]\" (32 characters)"
 * ```
 */
export function redactUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    if (!/[@?#]/.test(value)) {
      return quote(value);
    }
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]{0,15}:\/\/)/.exec(value)?.[1] ?? "";
    return `${JSON.stringify(`${scheme}${REDACTED}`)} (${Array.from(value).length} characters)`;
  }
  // Rebuilt by hand: assigning `url.username` cannot set a placeholder with brackets.
  if (url.host === "") {
    // No authority (`user:secret@host` parses as scheme `user:`): the rest is opaque, and may
    // be the secret itself.
    return quote(`${url.protocol}${REDACTED}`);
  }
  const hasUserInfo = url.username !== "" || url.password !== "";
  if (!hasUserInfo && url.search === "" && url.hash === "") {
    return quote(value);
  }
  const userInfo = hasUserInfo ? `${REDACTED}@` : "";
  const authority = `//${userInfo}${url.host}`;
  const query = url.search === "" ? "" : `?${REDACTED}`;
  const fragment = url.hash === "" ? "" : `#${REDACTED}`;
  return quote(`${url.protocol}${authority}${url.pathname}${query}${fragment}`);
}
