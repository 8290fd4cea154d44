// Next.js calls register() once when a server process starts: this is where background work begins.

export async function register(): Promise<void> {
  // Set by Next.js for each runtime, not configuration; the worker needs Node (sockets, the database).
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startEmailWorker } = await import("./lib/server/email/worker");
  startEmailWorker();
  const { getJobQueue } = await import("./lib/jobs");
  // Jobs must not stop the site from serving: a failure is logged, and the next use tries again.
  getJobQueue().catch((error: unknown) => console.error("AMS background jobs did not start:", error));
}
