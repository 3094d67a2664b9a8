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
} from "../provider/auth";
import { DigestAuthenticator } from "../provider/auth/digest";
import { parseChallenges } from "../provider/auth/challenge";

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
  const challengeHeader = {
    "www-authenticate": 'Digest realm="MMS Public API", nonce="n1", algorithm=MD5, qop="auth"',
  };

  test("sends unsigned until challenged, then signs with an increasing nc", async () => {
    const auth = new DigestAuthenticator({ publicKey: "pub", privateKey: "priv" }, () => "cn");
    expect(await auth.authorize({ method: "GET", uri: "/a" })).toBeUndefined();
    expect(await auth.refresh({ headers: challengeHeader })).toBe(true);
    const first = await auth.authorize({ method: "GET", uri: "/a" });
    const second = await auth.authorize({ method: "GET", uri: "/b" });
    expect(first).toContain("nc=00000001");
    expect(second).toContain("nc=00000002");
    expect(second).toContain('uri="/b"');
  });

  test("concurrent first requests wait for one challenge instead of each fetching one", async () => {
    const auth = new DigestAuthenticator({ publicKey: "pub", privateKey: "priv" }, () => "cn");
    const probe = await auth.authorize({ method: "GET", uri: "/a" });
    const waiting = [
      auth.authorize({ method: "GET", uri: "/b" }),
      auth.authorize({ method: "GET", uri: "/c" }),
    ];
    await auth.refresh({ headers: challengeHeader });
    const signed = await Promise.all(waiting);
    expect(probe).toBeUndefined();
    expect(signed.map((header) => /nc=(\w+)/.exec(header ?? "")?.[1])).toEqual([
      "00000001",
      "00000002",
    ]);
  });

  test("a 401 without a usable challenge is final", async () => {
    const auth = new DigestAuthenticator({ publicKey: "pub", privateKey: "priv" });
    expect(await auth.refresh({ headers: {} })).toBe(false);
  });
});
