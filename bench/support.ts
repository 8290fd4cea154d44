// Shared by the benchmarks: timing with percentiles, and a scratch PostgreSQL database.
import pg from "pg";

export type Timing = { samples: number; median: number; p95: number; min: number };

/** Runs `fn` `warmup` times untimed, then `iterations` times, and summarises the durations in ms. */
export async function measure(fn: () => Promise<unknown>, iterations: number, warmup = Math.min(20, iterations)): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const durations: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await fn();
    durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  const at = (q: number) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))]!;
  return { samples: iterations, median: at(0.5), p95: at(0.95), min: durations[0]! };
}

/** Drops and recreates the database a PostgreSQL URL names, connecting through the server's "postgres" database. */
export async function recreatePostgresDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Refusing to recreate a database named "${name}".`);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
}
