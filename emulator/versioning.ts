/**
 * The resource version the flex snapshot endpoints serve: Atlas has published only the
 * `2024-11-13` schema for them, and its `2025-03-12` release still serves that one.
 */
const SERVED_VERSION = "2024-11-13";

/**
 * Version dates a client may ask for on the flex snapshot endpoints: the releases that contain
 * them. Any other date, earlier or later, is answered 406.
 */
const ACCEPTED_VERSIONS: readonly string[] = ["2024-11-13", "2025-03-12"];

/**
 * The version Atlas assumes when `Accept` names none (missing, `*` wildcards or plain
 * `application/json`): the first release of the versioned API. The flex endpoints did not exist
 * then, so such requests are answered 406, as Atlas does.
 */
const IMPLICIT_VERSION = "2023-01-01";

/**
 * The content type of successful responses, naming the version actually served.
 */
export const SERVED_CONTENT_TYPE = `application/vnd.atlas.${SERVED_VERSION}+json;charset=utf-8`;

/**
 * The outcome of {@link negotiateVersion}: the requested and served versions, or the error to
 * answer with.
 */
type VersionNegotiation =
  | { ok: true; requested: string; served: string }
  | { ok: false; status: 406 | 410; errorCode: string; detail: string; parameters: string[] };

/**
 * Which versions are gone (answered 410), configured per emulator.
 */
interface VersionPolicy {
  gone: ReadonlySet<string>;
}

/** Atlas's answer to a missing, malformed or unknown version: one message for all three. */
const INVALID_VERSION: VersionNegotiation = {
  ok: false,
  status: 406,
  errorCode: "INVALID_VERSION_DATE",
  detail: "Invalid accept header or version date.",
  parameters: [],
};

const VERSIONED_MEDIA_TYPE = /^application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json$/;

/**
 * Picks the API version from an `Accept` header (RFC 9110 §12.5.1) the way Atlas does: the
 * first `application/vnd.atlas.YYYY-MM-DD+json` media range wins; media-type parameters such as
 * `charset` or `q` are ignored.
 */
export function negotiateVersion(
  accept: string | undefined,
  policy: VersionPolicy,
): VersionNegotiation {
  const mediaTypes = (accept ?? "")
    .split(",")
    .map((range) => (range.split(";")[0] ?? "").trim().toLowerCase())
    .filter((type) => type !== "");
  const versioned = mediaTypes
    .map((type) => VERSIONED_MEDIA_TYPE.exec(type)?.[1])
    .find((date) => date !== undefined);
  const unversioned =
    mediaTypes.length === 0 ||
    mediaTypes.some((type) => ["*/*", "application/*", "application/json"].includes(type));
  const requested = versioned ?? (unversioned ? IMPLICIT_VERSION : undefined);
  if (requested === undefined || !isCalendarDate(requested)) {
    return INVALID_VERSION;
  }
  if (policy.gone.has(requested)) {
    return {
      ok: false,
      status: 410,
      errorCode: "VERSION_GONE",
      detail: `The API version ${requested} has been sunset and is no longer available for this resource.`,
      parameters: [requested],
    };
  }
  if (!ACCEPTED_VERSIONS.includes(requested)) {
    return INVALID_VERSION;
  }
  return { ok: true, requested, served: SERVED_VERSION };
}

/**
 * Builds the `Deprecation` (RFC 9745 §2, a structured-field date) and `Sunset` (RFC 8594 §3)
 * headers for a deprecated version.
 *
 * Atlas removes a deprecated version twelve months after deprecating it, so the deprecation
 * date is taken to be one year before the sunset date.
 */
export function deprecationHeaders(sunset: string): Record<string, string> {
  const deprecatedAt = new Date(Date.parse(sunset));
  deprecatedAt.setUTCFullYear(deprecatedAt.getUTCFullYear() - 1);
  return {
    Deprecation: `@${Math.floor(deprecatedAt.getTime() / 1000)}`,
    Sunset: sunset,
  };
}

/** Says whether `YYYY-MM-DD` names a real day (not, say, `2024-02-30`). */
export function isCalendarDate(date: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) {
    return false;
  }
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const parsed = new Date(Date.UTC(year, month - 1, day));
  return (
    parsed.getUTCFullYear() === year &&
    parsed.getUTCMonth() === month - 1 &&
    parsed.getUTCDate() === day
  );
}
