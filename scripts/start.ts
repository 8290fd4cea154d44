// npm start: check the configuration, build if the sources changed, migrate, seed the demo school on
// first run, refuse production while demo accounts can sign in, then serve. `--dev` runs the
// Next.js dev server instead of building.
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { prepareDatabase } from "../lib/db/prepare";
import { checkDemoAccounts, type DemoAccount } from "../lib/db/production-checks";
import { takePidLock } from "../lib/os-process";
import { fail, loadConfig, openConfiguredDatabase } from "./_bootstrap";

const dev = process.argv.includes("--dev");
const root = process.cwd();
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

const config = loadConfig();
fs.mkdirSync(config.dataDir, { recursive: true });

const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  AUTH_SECRET: config.AUTH_SECRET ?? persistentSecret(config.dataDir),
  NEXTAUTH_URL: config.NEXTAUTH_URL ?? `http://localhost:${config.PORT}`,
  PORT: String(config.PORT),
  // No phoning home: school servers are often offline, and pupils' schools are not analytics.
  NEXT_TELEMETRY_DISABLED: "1",
  // Seeding is this script's job (below); the server never seeds.
  SEED_DEMO: "false",
};
// `next start` and `next build` run with NODE_ENV=production whatever this script was started with,
// so the server's own check of the configuration would refuse the http://localhost default of a
// development or trial start (e2e and CI included). Only a NODE_ENV=production start gets the rules.
if (config.NODE_ENV !== "production") childEnv.ALLOW_HTTP = "true";

let demoLogins: DemoAccount[] = [];
try {
  const handle = await openConfiguredDatabase(config);
  console.log(`Database: ${handle.kind === "pglite" ? "embedded PGlite in" : "PostgreSQL at"} ${handle.location}`);
  const { seededNow, hasSchool } = await prepareDatabase(handle, { seedDemo: config.SEED_DEMO });
  if (seededNow) console.log("Created the demo school (Greenfield Academy).");
  if (!hasSchool) console.log("No school yet and SEED_DEMO=false: sign-in will work once accounts exist.");
  // Refuses production while demo accounts can sign in (unless ALLOW_DEMO_ACCOUNTS=true).
  demoLogins = await checkDemoAccounts(handle.db, config);
  // PGlite allows one process per folder: release it before the server opens it.
  await handle.close();
} catch (error) {
  fail(error);
}

if (!dev) await buildIfNeeded();

const server = spawn(process.execPath, [nextBin, dev ? "dev" : "start", "--port", String(config.PORT)], {
  stdio: "inherit",
  env: childEnv,
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

console.log(`\nAMS is starting on http://localhost:${config.PORT}`);
if (demoLogins.length > 0) {
  console.log("Demo sign-ins (disable them in Admin → Users before real use):");
  for (const account of demoLogins) console.log(`  ${account.role.padEnd(18)} ${account.email.padEnd(22)} ${account.password}`);
}
console.log("");

/** The session-signing secret, generated once per installation and kept in the data folder. */
function persistentSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * Builds when there is no build or the sources differ from the ones the build was made from.
 * Instances started together from one folder take turns through a lock file: the first builds,
 * the others wait and then find the build up to date.
 */
async function buildIfNeeded(): Promise<void> {
  const stamp = path.join(root, ".next", "ams-source-hash");
  const hash = sourceHash();
  const upToDate = () => fs.existsSync(path.join(root, ".next", "BUILD_ID")) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === hash;
  if (upToDate()) return;
  await withBuildLock(() => {
    if (upToDate()) return;
    console.log("Building AMS (first start or changed sources; this takes a minute or two)...");
    const result = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: { ...childEnv, NODE_ENV: "production" } });
    if (result.status !== 0) fail(new Error(`The build failed (exit code ${result.status}); see the output above.`));
    fs.writeFileSync(stamp, hash);
  });
}

/** Runs fn holding `.ams-build.lock` (a file holding the builder's pid); a dead builder's lock is taken over. */
async function withBuildLock(fn: () => void): Promise<void> {
  const lock = path.join(root, ".ams-build.lock");
  for (let announced = false; ; announced = true) {
    const holder = takePidLock(lock);
    if (holder === null) break;
    if (!announced) console.log(`Waiting for another start (process ${holder}) to finish building...`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  try {
    fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

function sourceHash(): string {
  const hash = createHash("sha256");
  const inputs = ["app", "components", "lib", "public", "next.config.mjs", "postcss.config.mjs", "tsconfig.json", "package-lock.json", "proxy.ts", "instrumentation.ts"];
  const visit = (entry: string) => {
    const full = path.join(root, entry);
    if (!fs.existsSync(full)) return;
    if (fs.statSync(full).isDirectory()) {
      for (const child of fs.readdirSync(full).sort()) visit(path.join(entry, child));
      return;
    }
    hash.update(entry).update("\0").update(fs.readFileSync(full)).update("\0");
  };
  inputs.forEach(visit);
  return hash.digest("hex");
}
