// Delivers the outbox from inside the app process, every few seconds, so one `npm start` sends mail
// with no separate worker to run. Started once per server process by instrumentation.ts.
import "server-only";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { deliverPendingEmail } from "./deliver-pending-email";
import { type MailTransport, mailTransportFromEnv } from "./transport";

const INTERVAL_MS = 5_000;

// On globalThis so a second load of this module (dev server reloads) cannot start a second timer.
const globalForWorker = globalThis as unknown as { amsEmailWorker?: ReturnType<typeof setInterval> };

export function startEmailWorker(): void {
  if (globalForWorker.amsEmailWorker) return;
  let transport: MailTransport | null;
  try {
    transport = mailTransportFromEnv(env());
  } catch (error) {
    // Bad configuration stops requests with a clear message already; the worker must not stop start-up.
    console.error("AMS email delivery is off:", error instanceof Error ? error.message : error);
    return;
  }
  if (!transport) {
    logger().info("No mail transport (set SMTP_URL or RESEND_API_KEY): emails stay in the outbox, readable at /admin/outbox");
    return;
  }
  const sender = transport;
  let running = false;

  async function deliver(): Promise<void> {
    // A slow provider can make a run outlast the interval; the next tick is skipped, not stacked.
    if (running) return;
    running = true;
    try {
      const result = await deliverPendingEmail(await getDb(), sender);
      if (result.sent + result.retried + result.failed > 0) logger().info({ ...result, transport: sender.name }, "email delivery");
      if (result.failed > 0) logger().warn({ failed: result.failed }, "emails given up after repeated failures; see last_error in email_outbox");
    } catch (error) {
      logger().error({ err: error }, "email delivery run failed; retrying on the next tick");
    } finally {
      running = false;
    }
  }

  const timer = setInterval(() => {
    // Nothing may escape a tick: an unhandled rejection would end the server process.
    deliver().catch((error: unknown) => console.error("AMS email delivery:", error));
  }, INTERVAL_MS);
  // The timer alone must not keep a stopping server alive.
  timer.unref();
  globalForWorker.amsEmailWorker = timer;
  logger().info({ transport: sender.name, intervalMs: INTERVAL_MS }, "email delivery started");
}
