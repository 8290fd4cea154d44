// Next.js calls register() once when a server process starts: this is where background work begins.

/** How long to wait before trying again to start the jobs after a failure (the database may be coming up). */
const RETRY_START_MS = 30_000;

export async function register(): Promise<void> {
  // Set by Next.js for each runtime, not configuration; the worker needs Node (sockets, the database).
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getJobQueue } = await import("./lib/jobs");
  // Jobs must not stop the site from serving: a failure is logged and tried again, since email
  // delivery and the scheduled sweeps only run once the queue has started.
  const start = (): void => {
    getJobQueue().catch((error: unknown) => {
      console.error("AMS background jobs did not start; trying again in 30 s:", error);
      setTimeout(start, RETRY_START_MS).unref();
    });
  };
  start();
}
