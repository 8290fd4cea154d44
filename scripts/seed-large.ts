// npm run seed:large [-- --fresh]: builds the synthetic large school (5,000 students, 600,000 scores)
// for benchmarks in the database DATABASE_URL names. --fresh drops and recreates that database first.
import { sql } from "drizzle-orm";
import { ensureReferenceData } from "../lib/db/reference-data";
import { migrateDatabase } from "../lib/db/migrate";
import { LARGE_ADMIN, seedLargeSchool } from "../lib/db/seed-large";
import { isSeeded } from "../lib/db/seed";
import { recreatePostgresDatabase } from "../bench/support";
import { fail, loadConfig, openConfiguredDatabase } from "./_bootstrap";

try {
  const config = loadConfig();
  if (!config.DATABASE_URL) {
    console.error("\nnpm run seed:large needs DATABASE_URL: the large school is for benchmarking on PostgreSQL.\n");
    process.exit(1);
  }
  if (process.argv.includes("--fresh")) await recreatePostgresDatabase(config.DATABASE_URL);
  const handle = await openConfiguredDatabase(config);
  await migrateDatabase(handle);
  await ensureReferenceData(handle.db);
  if (await isSeeded(handle.db)) {
    console.error(`\n${handle.location} already holds a school. Use --fresh to recreate it (this deletes everything in it).\n`);
    await handle.close();
    process.exit(1);
  }
  const started = performance.now();
  const counts = await seedLargeSchool(handle.db, {
    onStep: process.argv.includes("--verbose") ? (step, ms) => console.log(`${ms.toFixed(0).padStart(7)} ms  ${step}`) : undefined,
  });
  await handle.db.execute(sql`analyze`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Seeded the large school in ${handle.location} in ${seconds} s: ${counts.students} students, ` +
      `${counts.classes} classes, ${counts.offerings} subject offerings, ${counts.scores} scores.\n` +
      `Sign in as ${LARGE_ADMIN.email} / ${LARGE_ADMIN.password}.`,
  );
  await handle.close();
} catch (error) {
  fail(error);
}
