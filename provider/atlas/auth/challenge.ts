/**
 * A parser for `WWW-Authenticate` challenges (RFC 9110 §11.6.1): a scheme followed by
 * comma-separated `name=value` pairs whose values may be quoted strings with `\` escapes.
 *
 * Written here because the header grammar is small and the well-known packages that parse it
 * come bundled with whole HTTP clients; this package only needs the Digest parameters.
 */

/** One challenge: its scheme (lower-cased) and its parameters (names lower-cased). */
export interface Challenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Parses every challenge in a `WWW-Authenticate` header value. */
export function parseChallenges(header: string): Challenge[] {
  const challenges: { scheme: string; params: Record<string, string> }[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (i < header.length && /[\s,]/.test(header[i] ?? "")) i++;
  };
  const readToken = (): string => {
    const start = i;
    while (i < header.length && /[^\s,=]/.test(header[i] ?? "")) i++;
    return header.slice(start, i);
  };
  while (i < header.length) {
    skipSpace();
    const token = readToken();
    if (!token) break;
    while (i < header.length && header[i] === " ") i++;
    if (header[i] === "=" && challenges.length > 0) {
      // A parameter of the current challenge.
      i++;
      while (header[i] === " ") i++;
      let value = "";
      if (header[i] === '"') {
        i++;
        while (i < header.length && header[i] !== '"') {
          if (header[i] === "\\") i++;
          value += header[i] ?? "";
          i++;
        }
        i++;
      } else {
        value = readToken();
      }
      const current = challenges[challenges.length - 1];
      if (current) current.params[token.toLowerCase()] = value;
    } else {
      challenges.push({ scheme: token.toLowerCase(), params: {} });
    }
  }
  return challenges;
}
