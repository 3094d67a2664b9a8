/**
 * Digest computations against the worked examples of RFC 7616 §3.9.1, and the client's
 * challenge handling. These tests prove the arithmetic; the round trips are proven against the
 * emulator in client.test.ts.
 */
import {
  computeDigestResponse,
  formatDigestAuthorization,
  selectDigestChallenge,
  type DigestChallenge,
} from "../provider/atlas/auth";
import type { AuthContext } from "../provider/atlas/auth/authenticator";
import { DigestAuthenticator } from "../provider/atlas/auth/digest";
import { Deadline, type HttpTransport } from "../provider/atlas/http/transport";
import { parseChallenges } from "../provider/atlas/auth/challenge";

// RFC 7616 §3.9.1: user "Mufasa", password "Circle of Life", GET /dir/index.html.
const rfcInput = {
  username: "Mufasa",
  password: "Circle of Life",
  method: "GET",
  uri: "/dir/index.html",
  nc: 1,
  cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
};
const rfcChallenge = (algorithm: "MD5" | "SHA-256"): DigestChallenge => ({
  realm: "http-auth@example.org",
  nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
  opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS",
  algorithm,
  qop: "auth",
});

describe("computeDigestResponse (RFC 7616 §3.9.1)", () => {
  test.each([
    ["MD5", "8ca523f5e9506fed4657c9700eebdbec"],
    ["SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"],
  ] as const)("%s gives the RFC's response", (algorithm, expected) => {
    expect(computeDigestResponse(rfcChallenge(algorithm), rfcInput)).toBe(expected);
  });

  test("the Authorization header carries every parameter the RFC's example does", () => {
    expect(formatDigestAuthorization(rfcChallenge("SHA-256"), rfcInput)).toBe(
      'Digest username="Mufasa", realm="http-auth@example.org", nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", ' +
        'uri="/dir/index.html", algorithm=SHA-256, response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", ' +
        'qop=auth, nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    );
  });
});

describe("selectDigestChallenge", () => {
  test.each([
    [
      "Atlas's challenge",
      'Digest realm="MMS Public API", domain="", nonce="abc+/=", algorithm=MD5, qop="auth", stale=false',
      {
        realm: "MMS Public API",
        nonce: "abc+/=",
        opaque: undefined,
        algorithm: "MD5",
        qop: "auth",
      },
    ],
    [
      "the strongest of two (RFC 7616 §3.7)",
      'Digest realm="r", qop="auth, auth-int", algorithm=MD5, nonce="n1", Digest realm="r", qop="auth", algorithm=SHA-256, nonce="n2", opaque="o"',
      { realm: "r", nonce: "n2", opaque: "o", algorithm: "SHA-256", qop: "auth" },
    ],
    [
      "a Digest challenge after a Basic one",
      'Basic realm="x", Digest realm="y", nonce="z"',
      { realm: "y", nonce: "z", opaque: undefined, algorithm: "MD5", qop: undefined },
    ],
    [
      "escaped quotes",
      'Digest realm="a \\"b\\"", nonce="n", qop=auth',
      { realm: 'a "b"', nonce: "n", opaque: undefined, algorithm: "MD5", qop: "auth" },
    ],
  ])("picks %s", (_label, header, expected) => {
    expect(selectDigestChallenge(header)).toEqual(expected);
  });

  test.each([
    ["Basic only", 'Basic realm="x"'],
    ["an unknown algorithm", 'Digest realm="x", nonce="n", algorithm=SHA-512-256'],
    ["auth-int only", 'Digest realm="x", nonce="n", qop="auth-int"'],
    ["no nonce", 'Digest realm="x"'],
  ])("refuses %s", (_label, header) => {
    expect(selectDigestChallenge(header)).toBeUndefined();
  });

  test("parses parameters case-insensitively", () => {
    expect(parseChallenges('DIGEST Realm="R", NONCE=abc')).toEqual([
      { scheme: "digest", params: { realm: "R", nonce: "abc" } },
    ]);
  });
});

describe("DigestAuthenticator", () => {
  const challengeHeader = (nonce: string, stale = false) => ({
    "www-authenticate": `Digest realm="MMS Public API", nonce="${nonce}", algorithm=MD5, qop="auth", stale=${stale}`,
  });
  /** One request's context, as the client makes one per request (the transport is unused). */
  const context = (deadline = new Deadline(10_000)): AuthContext => ({
    transport: undefined as unknown as HttpTransport,
    deadline,
  });
  const ncOf = (header: string | undefined) => /nc=(\w+)/.exec(header ?? "")?.[1];

  test("sends unsigned until challenged, then signs every attempt with the next nc and a new cnonce", async () => {
    let cnonces = 0;
    const auth = new DigestAuthenticator(
      { publicKey: "pub", privateKey: "priv" },
      () => `cn${++cnonces}`,
    );
    const a = context();
    expect(await auth.authorize({ method: "GET", uri: "/a" }, a)).toBeUndefined();
    // A retry of the unsigned probe goes out unsigned again, rather than waiting for itself.
    expect(await auth.authorize({ method: "GET", uri: "/a" }, a)).toBeUndefined();
    expect(await auth.refresh({ headers: challengeHeader("n1") }, undefined, a)).toBe(true);
    const first = await auth.authorize({ method: "GET", uri: "/a" }, a);
    const retry = await auth.authorize({ method: "GET", uri: "/a" }, a);
    const other = await auth.authorize({ method: "GET", uri: "/b" }, context());
    expect([first, retry, other].map(ncOf)).toEqual(["00000001", "00000002", "00000003"]);
    expect([first, retry, other].map((h) => /cnonce="(\w+)"/.exec(h ?? "")?.[1])).toEqual([
      "cn1",
      "cn2",
      "cn3",
    ]);
    expect(other).toContain('uri="/b"');
  });

  test("concurrent first requests wait for one challenge instead of each fetching one", async () => {
    const auth = new DigestAuthenticator({ publicKey: "pub", privateKey: "priv" }, () => "cn");
    const owner = context();
    const probe = await auth.authorize({ method: "GET", uri: "/a" }, owner);
    const waiting = [
      auth.authorize({ method: "GET", uri: "/b" }, context()),
      auth.authorize({ method: "GET", uri: "/c" }, context()),
    ];
    await auth.refresh({ headers: challengeHeader("n1") }, undefined, owner);
    const signed = await Promise.all(waiting);
    expect(probe).toBeUndefined();
    expect(signed.map(ncOf)).toEqual(["00000001", "00000002"]);
  });

  test("a request waiting for another's challenge gives up when its deadline passes", async () => {
    const auth = new DigestAuthenticator({ publicKey: "pub", privateKey: "priv" });
    await auth.authorize({ method: "GET", uri: "/a" }, context());
    const deadline = new Deadline(50);
    expect(await auth.authorize({ method: "GET", uri: "/b" }, context(deadline))).toBeUndefined();
    expect(deadline.signal.aborted).toBe(true);
  });

  test.each([
    ["a stale=true challenge", true, challengeHeader("n1", true)],
    ["a challenge with a new nonce", true, challengeHeader("n2")],
    ["a challenge with the refused nonce, not stale", false, challengeHeader("n1")],
    ["no challenge", false, {}],
  ])("a 401 to a signed attempt with %s: sign once more = %s", async (_label, again, headers) => {
    const auth = new DigestAuthenticator({ publicKey: "pub", privateKey: "priv" });
    const c = context();
    await auth.refresh({ headers: challengeHeader("n1") }, undefined, c);
    const refused = await auth.authorize({ method: "GET", uri: "/a" }, c);
    expect(await auth.refresh({ headers }, refused, c)).toBe(again);
  });
});
