/**
 * The provider through Pulumi's real dynamic-provider host, driven over gRPC as the engine
 * drives it: Configure with the stack config, then Read with the serialized `__provider`.
 * Needs the compiled package (`npm run build`), which the host `require`s by name.
 *
 * Not proven here: that the engine itself sends these calls; the engine tests do that.
 */
import { clearTokenCache } from "../provider/atlas/auth";
import { providerShim } from "../sdk/nodejs/providerShim";
import {
  DEMO_CLUSTER_NAME,
  DEMO_PROJECT_ID,
  DEMO_SNAPSHOT_IDS,
  startAtlasEmulator,
  type AtlasEmulator,
} from "../emulator";
import { CREDENTIAL_CASES, SA, SECRETS } from "./support/credentials";
import { ProviderHost, serializeProvider } from "./support/providerHost";

const lookup = {
  projectId: DEMO_PROJECT_ID,
  name: DEMO_CLUSTER_NAME,
  snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
};

/** The environment of a host with no Atlas variable but those given. */
function hostEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { PULUMI_NODEJS_PROJECT: "flex-test" };
  for (const name of Object.keys(process.env)) {
    if (name.startsWith("MONGODB_ATLAS_")) env[name] = undefined;
  }
  return { ...env, ...extra };
}

let emulator: AtlasEmulator;
let serialized: string;
const hosts: ProviderHost[] = [];

async function startHost(env: Record<string, string> = {}): Promise<ProviderHost> {
  const host = await ProviderHost.start(hostEnv(env));
  hosts.push(host);
  return host;
}

beforeAll(async () => {
  emulator = await startAtlasEmulator();
  serialized = await serializeProvider(providerShim);
});
beforeEach(() => {
  emulator.reset();
  clearTokenCache();
});
afterAll(async () => {
  await Promise.all(hosts.map((host) => host.stop()));
  await emulator.close();
});

describe("the serialized provider (__provider)", () => {
  test("is a small shim that loads the provider by package name", () => {
    // Printed so that a run shows the figure.
    console.log(`__provider size: ${Buffer.byteLength(serialized)} bytes`);
    expect(Buffer.byteLength(serialized)).toBeLessThan(4_096);
    expect(serialized).toContain('"pulumi-atlas-flex-snapshot/provider"');
    expect(serialized).not.toMatch(/zod|undici|ZodType|Dispatcher/);
  });

  test("captures no credential", () => {
    for (const secret of SECRETS) expect(serialized).not.toContain(secret);
  });
});

describe.each(CREDENTIAL_CASES)("with %s", (_label, config, env) => {
  test("Read returns the typed outputs", async () => {
    const host = await startHost({ ...env, MONGODB_ATLAS_BASE_URL: emulator.baseUrl });
    await host.configure(config);
    const result = await host.read(lookup.snapshotId, { ...lookup, __provider: serialized });
    expect(result.id).toBe(DEMO_SNAPSHOT_IDS.COMPLETED);
    expect(result.properties).toEqual({
      ...lookup,
      status: "COMPLETED",
      mongoDbVersion: "8.0.4",
      expiration: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      finishTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      scheduledTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      startTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      warnings: [],
      __provider: serialized,
    });
    const everything = JSON.stringify(result) + host.output.stdout + host.output.stderr;
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
  });
});

describe("one host, many reads", () => {
  let host: ProviderHost;
  beforeAll(async () => {
    host = await startHost();
    await host.configure({
      "mongodbatlas:clientId": SA.clientId,
      "mongodbatlas:clientSecret": SA.clientSecret,
      "mongodbatlas:baseUrl": emulator.baseUrl,
    });
  });

  test("a met gate passes", async () => {
    const result = await host.read(lookup.snapshotId, {
      ...lookup,
      require: { status: ["COMPLETED", "RUNNING"] },
      __provider: serialized,
    });
    expect(result.properties["status"]).toBe("COMPLETED");
  });

  test.each([
    [
      "FAILED",
      "COMPLETED",
      `snapshot ${DEMO_SNAPSHOT_IDS.FAILED} of flex cluster "orders" in project ${DEMO_PROJECT_ID} is FAILED; required status COMPLETED`,
    ],
    [
      "RUNNING",
      ["COMPLETED", "QUEUED"],
      `snapshot ${DEMO_SNAPSHOT_IDS.RUNNING} of flex cluster "orders" in project ${DEMO_PROJECT_ID} is RUNNING; required status one of COMPLETED, QUEUED`,
    ],
  ] as const)("a %s snapshot fails a gate of %p", async (status, required, message) => {
    const props = {
      ...lookup,
      snapshotId: DEMO_SNAPSHOT_IDS[status],
      require: { status: required },
      __provider: serialized,
    };
    await expect(host.read(DEMO_SNAPSHOT_IDS[status], props)).rejects.toThrow(message);
  });

  test("the host's token outlives a revocation by one renewal, then 20 reads cost no token", async () => {
    // reset() revoked the token the host cached in earlier tests: one 401, one renewal.
    await host.read(lookup.snapshotId, { ...lookup, __provider: serialized });
    await Promise.all(
      Array.from({ length: 20 }, () =>
        host.read(lookup.snapshotId, { ...lookup, __provider: serialized }),
      ),
    );
    expect(emulator.count({ path: "/api/oauth/token" })).toBe(1);
    expect(emulator.count({ path: /\/snapshots\//, status: 401 })).toBe(1);
    expect(emulator.count({ path: /\/snapshots\//, status: 200 })).toBe(21);
  });

  test("invalid arguments fail with the validation message and send nothing", async () => {
    await expect(
      host.read("x", { ...lookup, projectId: "not-a-project", __provider: serialized }),
    ).rejects.toThrow(
      'invalid projectId "not-a-project": expected a 24-character hexadecimal project id matching ^([a-f0-9]{24})$',
    );
    expect(emulator.count()).toBe(0);
  });

  test("Create is refused: a lookup only", async () => {
    await expect(host.create({ ...lookup, __provider: serialized })).rejects.toThrow(
      "FlexSnapshot is a lookup only",
    );
  });
});

test("no credentials at all: the error lists every key and variable looked at", async () => {
  const host = await startHost();
  await host.configure({ "mongodbatlas:baseUrl": emulator.baseUrl });
  await expect(host.read(lookup.snapshotId, { ...lookup, __provider: serialized })).rejects.toThrow(
    "no Atlas credentials found. Looked at the stack config keys mongodbatlas:accessToken, mongodbatlas:clientId, mongodbatlas:clientSecret, mongodbatlas:publicKey, mongodbatlas:privateKey and the environment variables MONGODB_ATLAS_ACCESS_TOKEN",
  );
  expect(emulator.count()).toBe(0);
});

test.each([
  [
    "the stack config",
    {},
    { "mongodbatlas:accessToken": "wrong-token" },
    "mongodbatlas:accessToken in the stack config",
  ],
  [
    "the environment",
    { MONGODB_ATLAS_ACCESS_TOKEN: "wrong-token" },
    {},
    "MONGODB_ATLAS_ACCESS_TOKEN in the environment",
  ],
])(
  "refused credentials from %s: the 401's remedy names the setting they came from",
  async (_label, env, config, origin) => {
    const host = await startHost(env);
    await host.configure({ "mongodbatlas:baseUrl": emulator.baseUrl, ...config });
    await expect(
      host.read(lookup.snapshotId, { ...lookup, __provider: serialized }),
    ).rejects.toThrow(
      `(check the credentials (${origin}); the service account or API key needs the Project Read Only role on this project)`,
    );
  },
);
