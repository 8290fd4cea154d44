// Delivers the mail that is due once, then exits: for a cron job, or to flush the outbox by hand.
// With the embedded database, run it only while the server is stopped (one process per PGlite folder).
import { deliverPendingEmail } from "../lib/server/email/deliver-pending-email";
import { mailTransportFromEnv } from "../lib/server/email/transport";
import { fail, loadConfig, openConfiguredDatabase } from "./_bootstrap";

const BATCH_SIZE = 20;
// Bounds one invocation; anything left is due again for the next one.
const MAX_BATCHES = 50;

const config = loadConfig();
const transport = mailTransportFromEnv(config);
if (!transport) {
  console.error("\nNo mail transport is configured: set SMTP_URL or RESEND_API_KEY. Nothing was sent.\n");
  process.exit(1);
}

try {
  const handle = await openConfiguredDatabase(config);
  const total = { sent: 0, retried: 0, failed: 0 };
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const result = await deliverPendingEmail(handle.db, transport, { batchSize: BATCH_SIZE });
    total.sent += result.sent;
    total.retried += result.retried;
    total.failed += result.failed;
    // A short batch means the queue has nothing more that is due now.
    if (result.sent + result.retried + result.failed < BATCH_SIZE) break;
  }
  await handle.close();
  console.log(`Email via ${transport.name}: ${total.sent} sent, ${total.retried} to retry later, ${total.failed} given up.`);
  // Retries are routine; a message given up on needs a person, so cron monitoring should see it.
  process.exitCode = total.failed > 0 ? 2 : 0;
} catch (error) {
  fail(error);
}
