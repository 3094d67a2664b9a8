/**
 * Proxies from the environment (undici's EnvHttpProxyAgent): requests go through `HTTP_PROXY`
 * (or `HTTPS_PROXY` for https) unless `NO_PROXY` names the host. The proxy here is a real one
 * on loopback that tunnels CONNECT and forwards absolute-form requests, counting both.
 */
import * as http from "node:http";
import * as net from "node:net";
import { AtlasClient, createDispatcher } from "../provider";
import {
  DEMO_CLUSTER_NAME,
  DEMO_PROJECT_ID,
  DEMO_SNAPSHOT_IDS,
  startAtlasEmulator,
  type AtlasEmulator,
} from "../emulator";
import { TOKEN } from "./support/credentials";

let emulator: AtlasEmulator;
let proxy: http.Server;
let proxied: string[] = [];
const saved = { ...process.env };

beforeAll(async () => {
  emulator = await startAtlasEmulator();
  proxy = http.createServer((req, res) => {
    // Absolute-form request (RFC 9112 §3.2.2): forward it.
    proxied.push(`${req.method} ${req.url}`);
    const upstream = http.request(
      req.url!,
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  proxy.on("connect", (req, socket, head) => {
    // A tunnel (RFC 9110 §9.3.6): splice the client to the target.
    proxied.push(`CONNECT ${req.url}`);
    const [host, port] = req.url!.split(":");
    const target = net.connect(Number(port), host, () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      target.write(head);
      target.pipe(socket);
      socket.pipe(target);
    });
    target.on("error", () => socket.destroy());
    socket.on("error", () => target.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
});
afterEach(() => {
  process.env = { ...saved };
  proxied = [];
});
afterAll(async () => {
  await emulator.close();
  proxy.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
});

const ref = {
  projectId: DEMO_PROJECT_ID,
  name: DEMO_CLUSTER_NAME,
  snapshotId: DEMO_SNAPSHOT_IDS.COMPLETED,
};

test.each([
  ["HTTP_PROXY routes the request through the proxy", undefined, 1],
  ["NO_PROXY naming the host bypasses it", "127.0.0.1", 0],
])("%s", async (_label, noProxy, throughProxy) => {
  const { port } = proxy.address() as net.AddressInfo;
  process.env["HTTP_PROXY"] = `http://127.0.0.1:${port}`;
  delete process.env["http_proxy"];
  if (noProxy) process.env["NO_PROXY"] = noProxy;
  else delete process.env["NO_PROXY"];
  delete process.env["no_proxy"];
  const dispatcher = createDispatcher();
  const client = new AtlasClient({
    baseUrl: emulator.baseUrl,
    credentials: { kind: "accessToken", accessToken: TOKEN },
    dispatcher,
  });
  const snapshot = await client.getFlexSnapshot(ref);
  expect(snapshot.status).toBe("COMPLETED");
  expect(proxied.length).toBe(throughProxy);
  expect(emulator.count()).toBeGreaterThanOrEqual(1);
  await dispatcher.close();
});
