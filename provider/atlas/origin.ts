/**
 * The Atlas origin requests go to, checked and normalized in one place. Settings resolution and
 * the API client both use it; neither imports the other for it.
 */
import { ConfigurationError } from "./errors";
import { redactUrl } from "./redact";

/**
 * An origin that {@link normalizeBaseUrl} accepted: `https://host[:port]` (or `http://` to a
 * loopback host), no path, no trailing slash. The brand says it was checked, so that code given
 * one does not check it again.
 */
export type AtlasOrigin = string & { readonly __brand: "AtlasOrigin" };

/** The Atlas commercial cloud. */
export const DEFAULT_BASE_URL = "https://cloud.mongodb.com" as AtlasOrigin;
/** Atlas for Government. */
export const GOV_BASE_URL = "https://cloud.mongodbgov.com" as AtlasOrigin;

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** Tells whether `hostname` is a loopback host, where plain HTTP cannot leak a credential. */
function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Checks and normalises a base URL: `https://` (or `http://` to a loopback host only, since
 * credentials would travel in clear), an origin only, no trailing slash. Requests go to
 * `<origin>/api/atlas/v2/…`, so a path would be dropped silently; it is refused instead. A
 * message quotes the value through {@link redactUrl} only: user info may hold a password.
 *
 * @param origin - where the value came from, e.g. `MONGODB_ATLAS_BASE_URL`; named in messages.
 * @throws ConfigurationError when the value is not such a URL
 */
export function normalizeBaseUrl(value: string, origin: string): AtlasOrigin {
  const expected = `expected an origin such as ${DEFAULT_BASE_URL}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // No `cause`: Node's TypeError keeps the whole input in its `input` property.
    throw new ConfigurationError(`${origin} ${redactUrl(value)} is not a URL: ${expected}`);
  }
  const shown = redactUrl(value);
  if (url.username !== "" || url.password !== "") {
    throw new ConfigurationError(
      `${origin} ${shown} must not contain user info (a user name or password): ${expected}; credentials go in the credential settings`,
    );
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
    throw new ConfigurationError(
      `${origin} ${shown} must use https:// (plain http:// is allowed only for a loopback host, so that credentials never travel unencrypted)`,
    );
  }
  const extras = [
    url.pathname !== "/" ? "a path" : undefined,
    url.search !== "" ? "a query" : undefined,
    url.hash !== "" ? "a fragment" : undefined,
  ].filter((part): part is string => part !== undefined);
  if (extras.length > 0) {
    throw new ConfigurationError(
      `${origin} ${shown} has ${extras.join(" and ")}: ${expected}, without path, query or fragment (requests go to <origin>/api/atlas/v2/...)`,
    );
  }
  return url.origin as AtlasOrigin;
}
