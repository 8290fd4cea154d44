// Two AMS instances sharing one PostgreSQL database and one Redis, started the way an administrator
// would (`npm start`, docs/deployment.md section 8), behind a small proxy that the test steers: it
// sends each request to the instance the test names, as a load balancer might, and remembers which
// instance answered what.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

export type InstanceName = "a" | "b";
export type Served = { instance: InstanceName; method: string; path: string; status: number };

export type Cluster = {
  /** The proxy's address: what the browser talks to. */
  baseURL: string;
  /** The instance the proxy sends the next requests to. */
  target: InstanceName;
  /** Every request the proxy passed on, in order. */
  served: Served[];
  /** Recipients of every email the instances handed to the mail provider, in order. */
  mailed: string[];
  databaseUrl: string;
  /** What the instances printed so far, for a failing test's report. */
  logs(): string;
  stop(): Promise<void>;
};

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitUntilReady(url: string, child: ChildProcess, output: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`An instance exited with ${child.exitCode}:\n${output.join("")}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`An instance did not become ready at ${url} within ${timeoutMs} ms:\n${output.join("")}`);
}

/** A stand-in for Resend's API on loopback: accepts every POST /emails and remembers its recipient. */
async function startMailSink(mailed: string[]): Promise<{ url: string; server: http.Server }> {
  let count = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { to: string | string[] };
      mailed.push(...[body.to].flat());
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: `sink-${++count}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

export async function startCluster(options: { databaseUrl: string; redisUrl: string }): Promise<Cluster> {
  const proxyPort = await freePort();
  const baseURL = `http://localhost:${proxyPort}`;
  const mailed: string[] = [];
  const sink = await startMailSink(mailed);
  const shared = {
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    // The rules of docs/deployment.md section 8: one secret, one action key, one file store.
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    STORAGE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "ams-two-files-")),
    NEXTAUTH_URL: baseURL,
    SEED_DEMO: "true",
    RESEND_API_KEY: "re_test_two_instances",
    RESEND_BASE_URL: sink.url,
    LOG_LEVEL: "warn",
  };
  const ports = { a: await freePort(), b: await freePort() };
  const instances = (["a", "b"] as const).map((name) => {
    const output: string[] = [];
    // A trial start, as in the other browser tests (no NODE_ENV): production rules (https, no demo accounts) aside.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== "NODE_ENV"));
    const env: NodeJS.ProcessEnv = { ...(inherited as NodeJS.ProcessEnv), ...shared, PORT: String(ports[name]), DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), `ams-two-${name}-`)) };
    const child = spawn(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), "scripts/start.ts"], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    return { name, child, output };
  });

  const cluster: Cluster = {
    baseURL,
    target: "a",
    served: [],
    mailed,
    databaseUrl: options.databaseUrl,
    logs: () => instances.map(({ name, output }) => `--- instance ${name}\n${output.join("")}`).join("\n"),
    async stop() {
      await new Promise((resolve) => proxy.close(resolve));
      sink.server.closeAllConnections();
      await new Promise((resolve) => sink.server.close(resolve));
      await Promise.all(
        instances.map(
          ({ child }) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) return resolve();
              child.once("exit", () => resolve());
              child.kill("SIGTERM");
            }),
        ),
      );
    },
  };

  const proxy = http.createServer((request, response) => {
    const instance = cluster.target;
    const upstream = http.request(
      { host: "127.0.0.1", port: ports[instance], method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        cluster.served.push({ instance, method: request.method!, path: request.url!, status: answer.statusCode! });
        response.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on("error", (error) => {
      response.writeHead(502).end(String(error));
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(proxyPort, "127.0.0.1", resolve));

  try {
    await Promise.all(instances.map(({ name, child, output }) => waitUntilReady(`http://127.0.0.1:${ports[name]}/api/health/ready`, child, output, 180_000)));
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}
