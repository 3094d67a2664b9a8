/** Plain HTTP requests to the emulator with Node's global `fetch`, as a client of Atlas sends them. */
import { DEMO_CREDENTIALS, type AtlasEmulator } from "../../emulator";

/** The versioned media type the tests ask for. */
export const ACCEPT = "application/vnd.atlas.2024-11-13+json";

/** The media type the emulator serves a versioned answer with. */
export const SERVED_TYPE = "application/vnd.atlas.2024-11-13+json;charset=utf-8";

/** The emulator's static access token, which every API request may use. */
export const STATIC_TOKEN = DEMO_CREDENTIALS.accessTokens[0] ?? "";

/** What the emulator answered: the status, the headers and the parsed JSON body. */
export interface Answer<Body = unknown> {
  status: number;
  headers: Headers;
  body: Body;
}

/** What {@link send} takes besides the path. */
interface SendInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/** Sends a request and parses a JSON body (an empty body reads as `undefined`). */
export async function send(
  atlas: AtlasEmulator,
  path: string,
  init: SendInit = {},
): Promise<Answer> {
  const res = await fetch(`${atlas.baseUrl}${path}`, init);
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text === "" ? undefined : JSON.parse(text),
  };
}

/** GETs an API path with the static token and the versioned `Accept`, unless `headers` override them. */
export function apiGet(
  atlas: AtlasEmulator,
  path: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return send(atlas, path, {
    headers: { Authorization: `Bearer ${STATIC_TOKEN}`, Accept: ACCEPT, ...headers },
  });
}

/** {@link apiGet} for an answer whose body is a JSON object (an empty body reads as `{}`). */
export async function apiGetObject(
  atlas: AtlasEmulator,
  path: string,
  headers: Record<string, string> = {},
): Promise<Answer<Record<string, unknown>>> {
  const answer = await apiGet(atlas, path, headers);
  return { ...answer, body: (answer.body ?? {}) as Record<string, unknown> };
}
