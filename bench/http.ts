// Time to first byte of a signed-in page over HTTP, against a running AMS:
//   BENCH_BASE_URL=http://localhost:3100 BENCH_EMAIL=admin@large.test BENCH_PASSWORD=ams-large-admin \
//   npx tsx bench/http.ts /students "/students?sort=class&page=150" "/students?q=oka"
// Start the server on the large school first (DATABASE_URL=…/ams_bench PORT=3100 npm start after
// npm run bench). Reports p50/p95 per path; nothing fails on time.
import { performance } from "node:perf_hooks";

const base = process.env.BENCH_BASE_URL ?? "http://localhost:3100";
const email = process.env.BENCH_EMAIL ?? "admin@large.test";
const password = process.env.BENCH_PASSWORD ?? "ams-large-admin";
const iterations = Number(process.env.BENCH_ITERATIONS ?? 100);
const paths = process.argv.slice(2).length ? process.argv.slice(2) : ["/students"];

const jar = new Map<string, string>();
const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
const remember = (response: Response) => {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const [name, ...value] = pair!.split("=");
    jar.set(name!.trim(), value.join("="));
  }
};

const csrf = await fetch(`${base}/api/auth/csrf`);
remember(csrf);
const { csrfToken } = (await csrf.json()) as { csrfToken: string };
const signIn = await fetch(`${base}/api/auth/callback/credentials`, {
  method: "POST",
  redirect: "manual",
  headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(), origin: base },
  body: new URLSearchParams({ email, password, csrfToken, json: "true" }),
});
remember(signIn);
if (![...jar.keys()].some((k) => k.includes("session"))) throw new Error(`Sign-in failed (${signIn.status})`);

for (const path of paths) {
  const times: number[] = [];
  for (let i = 0; i < iterations + 10; i++) {
    const started = performance.now();
    const response = await fetch(`${base}${path}`, { headers: { cookie: cookieHeader() }, redirect: "manual" });
    const reader = response.body!.getReader();
    await reader.read(); // the first chunk: time to first byte
    const ttfb = performance.now() - started;
    await reader.cancel();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    if (i >= 10) times.push(ttfb);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  console.log(`${path}: TTFB p50 ${at(0.5)} ms, p95 ${at(0.95)} ms (${iterations} requests after 10 warm-up)`);
}
