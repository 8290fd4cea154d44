// Email delivery through the outbox and the job queue (pg-boss on the test database): real SMTP and
// Resend-shaped servers on loopback receive what the worker sends, a job exists exactly when its
// row was committed, failures back off and give up, the sweep finds rows without a job, and
// concurrent workers never send a message twice.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { asc, eq, sql } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { selectRows } from "@/lib/db/client";
import { emailOutbox } from "@/lib/db/schema";
import { MAX_EMAIL_ATTEMPTS } from "@/lib/domain/email-backoff";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { emailDeliveryJob, JOB_DEFINITIONS } from "@/lib/jobs/definitions";
import { ensureQueues, JOB_SCHEMA, type JobQueue, openJobQueue, sendJobs } from "@/lib/jobs/queue";
import { startWorkers } from "@/lib/jobs/worker";
import { CLAIM_LOCK_MS, type DeliveryOptions, type DeliveryOutcome, deliverEmail, isDue } from "@/lib/server/email/deliver-email";
import { enqueueEmail } from "@/lib/server/email/enqueue-email";
import { listOutbox } from "@/lib/server/email/list-outbox";
import { sweepDueEmail } from "@/lib/server/email/sweep-due-email";
import { type MailConfig, type MailMessage, type MailTransport, mailTransportFromEnv } from "@/lib/server/email/transport";
import { LocalDiskStore } from "@/lib/storage/local-disk-store";
import { type TestDatabase, useTestDatabase } from "../support/database";

const FROM = "Greenfield Academy <no-reply@greenfield.test>";
const noMail: MailConfig = { MAIL_FROM: FROM, SMTP_URL: undefined, RESEND_API_KEY: undefined, RESEND_BASE_URL: undefined };
const resetLink = "http://localhost:3000/reset-password?token=8f14e45fceea167a5a36dedd4bea2543a1b2c3d4e5f60718293a4b5c6d7e8f90";

let t: TestDatabase;
const cleanups: Array<() => Promise<void>> = [];

/** Queues opened by a test; their workers are stopped after it, so none outlives its test. */
let queues: JobQueue[] = [];
const quietLog = { info() {}, error() {} };

beforeAll(async () => {
  t = await useTestDatabase();
  // Creates pg-boss's tables and queues: from here on enqueueEmail sends a job with each row.
  const setup = await openJobQueue(t);
  await ensureQueues(setup, JOB_DEFINITIONS);
  await setup.stop({ graceful: false, wait: true });
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});
beforeEach(async () => {
  await t.db.delete(emailOutbox);
  await t.db.execute(sql.raw(`delete from ${JOB_SCHEMA}.job where name = '${emailDeliveryJob.name}'`));
});
afterEach(async () => {
  await Promise.all(queues.map((queue) => queue.stop({ graceful: false, wait: true })));
  queues = [];
});

const outboxRows = () => t.db.select().from(emailOutbox).orderBy(asc(emailOutbox.createdAt), asc(emailOutbox.toAddress));

/** A worker as `npm start` runs one: its own queue on the test database, delivering through `mail`. */
async function startWorker(mail: MailTransport | null): Promise<void> {
  const queue = await openJobQueue(t);
  queues.push(queue);
  await startWorkers(queue, { db: t.db, store: new LocalDiskStore("/nonexistent"), mail, log: quietLog });
}

/** Delivery jobs for a message, in pg-boss's job table: waiting (created), running, done. */
async function jobsFor(outboxId: string): Promise<Array<{ state: string; startAfter: Date }>> {
  const rows = await selectRows<{ state: string; startAfter: string }>(
    t.db,
    sql`select state, start_after as "startAfter" from ${sql.raw(JOB_SCHEMA)}.job where name = ${emailDeliveryJob.name} and data->>'outboxId' = ${outboxId} order by created_on`,
  );
  return rows.map((row) => ({ state: row.state, startAfter: new Date(row.startAfter) }));
}

async function waitUntil(done: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Still waiting after ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const allSent = async () => (await outboxRows()).every((row) => row.status === "sent");

/** What workers do for every message due at `now`, one job each, without the queue's timing. */
async function deliverDue(transport: MailTransport, options: DeliveryOptions = {}): Promise<Record<DeliveryOutcome, number>> {
  const now = options.now ?? new Date();
  const due = await t.db.select({ id: emailOutbox.id }).from(emailOutbox).where(isDue(now)).orderBy(asc(emailOutbox.createdAt));
  const counts: Record<DeliveryOutcome, number> = { sent: 0, retried: 0, failed: 0, skipped: 0 };
  for (const { id } of due) counts[await deliverEmail(t.db, transport, id, { ...options, now })]++;
  return counts;
}

const outcome = (counts: Partial<Record<DeliveryOutcome, number>>) => ({ sent: 0, retried: 0, failed: 0, skipped: 0, ...counts });

function transportFor(config: Partial<MailConfig>): MailTransport {
  const transport = mailTransportFromEnv({ ...noMail, ...config });
  if (!transport) throw new Error("expected a transport for this configuration");
  return transport;
}

type ReceivedMail = { envelopeFrom: string; envelopeTo: string[]; headers: Record<string, string>; text: string };

/** An SMTP server on loopback that keeps what it receives, parsed just enough to assert on. */
async function startSmtpServer(): Promise<{ url: string; received: ReceivedMail[] }> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const mailFrom = session.envelope.mailFrom;
        received.push({
          envelopeFrom: mailFrom ? mailFrom.address : "",
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          ...parseMessage(Buffer.concat(chunks).toString("latin1")),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received };
}

function parseMessage(raw: string): { headers: Record<string, string>; text: string } {
  const split = raw.indexOf("\r\n\r\n");
  const headers: Record<string, string> = {};
  for (const line of raw.slice(0, split).replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.slice(split + 4);
  if (/quoted-printable/i.test(headers["content-transfer-encoding"] ?? "")) {
    body = body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  return { headers, text: Buffer.from(body, "latin1").toString("utf8").replace(/\r\n/g, "\n").replace(/\n+$/, "") };
}

type ApiRequest = { body: Record<string, unknown>; authorization?: string; idempotencyKey?: string };

/** A stand-in for Resend's API on loopback: records POST /emails and answers as told. */
async function startResendServer(
  answer: (request: ApiRequest, index: number) => { status: number; body: unknown },
): Promise<{ baseUrl: string; requests: ApiRequest[] }> {
  const requests: ApiRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/emails") {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ statusCode: 404, name: "not_found", message: "Not found" }));
        return;
      }
      const request: ApiRequest = {
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>,
        authorization: req.headers.authorization,
        idempotencyKey: req.headers["idempotency-key"] as string | undefined,
      };
      requests.push(request);
      const { status, body } = answer(request, requests.length - 1);
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(async () => {
    // fetch keeps connections alive; without this close() waits for them to time out.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, requests };
}

describe("delivery over SMTP", () => {
  it("delivers each committed email to the SMTP server once, through the worker, and records it as sent", async () => {
    const smtp = await startSmtpServer();
    await t.db.transaction(async (tx) => {
      await enqueueEmail(tx, {
        to: "amara.okafor@example.com",
        subject: "You are invited to AMS",
        text: "Hello Amara,\n\nAccept your invitation here:\nhttp://localhost:3000/invite/abc123\n",
      });
      await enqueueEmail(tx, {
        to: "tunde.bello@example.com",
        subject: "Reset your AMS password",
        text: `Hello Tunde,\n\nChoose a new password here: ${resetLink}\n\nIf you did not ask for this, ignore this email.`,
      });
    });
    for (const row of await outboxRows()) expect((await jobsFor(row.id)).map((j) => j.state)).toEqual(["created"]);

    await startWorker(transportFor({ SMTP_URL: smtp.url }));
    await waitUntil(allSent, "both emails to be sent");

    expect(smtp.received).toHaveLength(2);
    const invitation = smtp.received.find((m) => m.envelopeTo.includes("amara.okafor@example.com"))!;
    const reset = smtp.received.find((m) => m.envelopeTo.includes("tunde.bello@example.com"))!;
    expect(invitation.envelopeTo).toEqual(["amara.okafor@example.com"]);
    expect(invitation.envelopeFrom).toBe("no-reply@greenfield.test");
    expect(invitation.headers).toMatchObject({ to: "amara.okafor@example.com", subject: "You are invited to AMS", from: FROM });
    expect(invitation.text).toBe("Hello Amara,\n\nAccept your invitation here:\nhttp://localhost:3000/invite/abc123");
    expect(reset.headers.subject).toBe("Reset your AMS password");
    // The long reset link survives the line-length limit of email unbroken.
    expect(reset.text).toContain(`Choose a new password here: ${resetLink}\n`);

    const rows = await outboxRows();
    for (const row of rows) {
      const delivered = smtp.received.find((m) => m.envelopeTo.includes(row.toAddress))!;
      expect(row.providerMessageId).toBe(delivered.headers["message-id"]);
      expect(row.sentAt).toBeInstanceOf(Date);
      expect(row).toMatchObject({ attempts: 0, lastError: null, lockedUntil: null });
    }

    // A job run again for a sent message (a duplicate, or the sweep's) sends nothing.
    expect(await deliverEmail(t.db, transportFor({ SMTP_URL: smtp.url }), rows[0]!.id)).toBe("skipped");
    expect(smtp.received).toHaveLength(2);
  });

  it("keeps the message for a retry when the SMTP server cannot be reached, without storing the password", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await enqueueEmail(t.db, { to: "amara.okafor@example.com", subject: "Hello", text: "Hello" });
    const now = new Date();

    expect(await deliverDue(transportFor({ SMTP_URL: `smtp://mailer:Sup3r-s3cret@127.0.0.1:${port}` }), { now })).toEqual(outcome({ retried: 1 }));

    const [row] = await outboxRows();
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row!.lastError).toMatch(/ECONNREFUSED/);
    expect(row!.lastError).not.toContain("Sup3r-s3cret");
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(now.getTime());
  });
});

describe("delivery through Resend", () => {
  it("posts each email to the Resend API with the sender, recipient, subject and text", async () => {
    const api = await startResendServer((_, index) => ({ status: 200, body: { id: `resend-${index + 1}` } }));
    const transport = transportFor({ RESEND_API_KEY: "re_test_123456789", RESEND_BASE_URL: api.baseUrl });
    await enqueueEmail(t.db, { to: "amara.okafor@example.com", subject: "You are invited to AMS", text: `Accept here: ${resetLink}` });

    expect(await deliverDue(transport)).toEqual(outcome({ sent: 1 }));

    expect(api.requests).toHaveLength(1);
    const [request] = api.requests;
    expect(request!.body).toMatchObject({ from: FROM, to: "amara.okafor@example.com", subject: "You are invited to AMS", text: `Accept here: ${resetLink}` });
    expect(request!.authorization).toBe("Bearer re_test_123456789");
    const [row] = await outboxRows();
    expect(row).toMatchObject({ status: "sent", providerMessageId: "resend-1", lastError: null });
    expect(request!.idempotencyKey).toBe(`ams-outbox-${row!.id}`);

    expect(await deliverEmail(t.db, transport, row!.id)).toBe("skipped");
    expect(api.requests).toHaveLength(1);
  });

  it("is chosen over SMTP when both are configured", () => {
    expect(transportFor({ RESEND_API_KEY: "re_test_123456789", SMTP_URL: "smtp://127.0.0.1:25" }).name).toBe("resend");
    expect(transportFor({ SMTP_URL: "smtp://127.0.0.1:25" }).name).toBe("smtp");
    expect(mailTransportFromEnv(noMail)).toBeNull();
  });
});

describe("failed deliveries", () => {
  it("retries after a server error with a longer wait each time, each try with its own job, then gives up", async () => {
    const api = await startResendServer(() => ({
      status: 500,
      body: { statusCode: 500, name: "internal_server_error", message: "The mail service is having a bad day" },
    }));
    const transport = transportFor({ RESEND_API_KEY: "re_test_secretkey42", RESEND_BASE_URL: api.baseUrl });
    await enqueueEmail(t.db, { to: "amara.okafor@example.com", subject: "Your report card", text: "It is ready." });
    let [row] = await outboxRows();
    const id = row!.id;
    let now = new Date();
    // Each try's job is the one a worker has just fetched: it has left the waiting jobs.
    const fetchJob = () => t.db.execute(sql.raw(`delete from ${JOB_SCHEMA}.job where name = '${emailDeliveryJob.name}'`));

    await fetchJob();
    expect(await deliverEmail(t.db, transport, id, { now })).toBe("retried");
    [row] = await outboxRows();
    expect(row).toMatchObject({ status: "pending", attempts: 1, sentAt: null, providerMessageId: null, lockedUntil: null });
    expect(row!.lastError).toContain("HTTP 500");
    expect(row!.lastError).toContain("The mail service is having a bad day");
    expect(row!.lastError).not.toContain("re_test_secretkey42");
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(now.getTime());
    // The next try has its job, waiting until the row's next attempt.
    expect(await jobsFor(id)).toEqual([{ state: "created", startAfter: row!.nextAttemptAt }]);

    // Not due yet: a job run at the same moment leaves it alone.
    expect(await deliverEmail(t.db, transport, id, { now })).toBe("skipped");
    expect(api.requests).toHaveLength(1);

    for (let attempt = 2; attempt <= MAX_EMAIL_ATTEMPTS; attempt++) {
      const previousWait = row!.nextAttemptAt.getTime() - now.getTime();
      now = row!.nextAttemptAt;
      await fetchJob();
      expect(await deliverEmail(t.db, transport, id, { now })).toBe(attempt < MAX_EMAIL_ATTEMPTS ? "retried" : "failed");
      [row] = await outboxRows();
      expect(row!.attempts).toBe(attempt);
      if (attempt < MAX_EMAIL_ATTEMPTS) {
        expect(row!.status).toBe("pending");
        // Each wait is longer than the last (the jitter takes off at most a fifth of a doubled wait).
        expect(row!.nextAttemptAt.getTime() - now.getTime()).toBeGreaterThan(previousWait);
        expect(await jobsFor(id)).toEqual([{ state: "created", startAfter: row!.nextAttemptAt }]);
      }
    }
    expect(row).toMatchObject({ status: "failed", attempts: MAX_EMAIL_ATTEMPTS, sentAt: null });
    // Given up: no further job, and the sweep does not bring it back.
    expect(await jobsFor(id)).toEqual([]);
    expect(api.requests).toHaveLength(MAX_EMAIL_ATTEMPTS);
    // Every try carries the same idempotency key, so Resend would drop a repeat of an accepted send.
    expect(new Set(api.requests.map((r) => r.idempotencyKey)).size).toBe(1);

    const muchLater = new Date(now.getTime() + 24 * 60 * 60_000);
    expect(await sweepDueEmail(t.db, { now: muchLater })).toEqual({ due: 0 });
    expect(await deliverEmail(t.db, transport, id, { now: muchLater })).toBe("skipped");
    expect(api.requests).toHaveLength(MAX_EMAIL_ATTEMPTS);
  });

  it("the worker records a failed try and queues the next one for the row's next attempt", async () => {
    const api = await startResendServer(() => ({ status: 503, body: { statusCode: 503, name: "service_unavailable", message: "Try later" } }));
    await enqueueEmail(t.db, { to: "amara.okafor@example.com", subject: "Your report card", text: "It is ready." });
    await startWorker(transportFor({ RESEND_API_KEY: "re_test_123456789", RESEND_BASE_URL: api.baseUrl }));

    await waitUntil(async () => (await outboxRows())[0]!.attempts === 1, "the first try");
    const [row] = await outboxRows();
    expect(row).toMatchObject({ status: "pending", attempts: 1, lockedUntil: null });
    const waiting = (await jobsFor(row!.id)).filter((j) => j.state === "created");
    expect(waiting).toEqual([{ state: "created", startAfter: row!.nextAttemptAt }]);
    // About 30 s (less up to a fifth of jitter), not at once: the backoff is the outbox's.
    expect(row!.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(15_000);
    expect(api.requests).toHaveLength(1);
  });

  it("turns a Resend refusal into a stored error rather than a silent success", async () => {
    const api = await startResendServer(() => ({
      status: 422,
      body: { statusCode: 422, name: "validation_error", message: "Invalid `to` field." },
    }));
    await enqueueEmail(t.db, { to: "not-an-address", subject: "Hello", text: "Hello" });

    expect(await deliverDue(transportFor({ RESEND_API_KEY: "re_test_123456789", RESEND_BASE_URL: api.baseUrl }))).toEqual(outcome({ retried: 1 }));

    const [row] = await outboxRows();
    expect(row).toMatchObject({ status: "pending", attempts: 1, providerMessageId: null });
    expect(row!.lastError).toBe("Resend refused the message (HTTP 422 validation_error): Invalid `to` field.");
  });

  it("takes over a message left 'sending' by a worker that stopped, once its claim has run out", async () => {
    const sent: MailMessage[] = [];
    const transport: MailTransport = { name: "smtp", send: async (message) => (sent.push(message), { providerMessageId: `<${message.id}@test>` }) };
    await enqueueEmail(t.db, { to: "amara.okafor@example.com", subject: "Stuck", text: "Stuck" });
    const claimedAt = new Date();
    await t.db.update(emailOutbox).set({ status: "sending", lockedUntil: new Date(claimedAt.getTime() + CLAIM_LOCK_MS) });

    expect(await deliverDue(transport, { now: new Date(claimedAt.getTime() + 60_000) })).toEqual(outcome({}));
    expect(sent).toHaveLength(0);

    expect(await deliverDue(transport, { now: new Date(claimedAt.getTime() + CLAIM_LOCK_MS + 1) })).toEqual(outcome({ sent: 1 }));
    expect(sent.map((m) => m.subject)).toEqual(["Stuck"]);
    expect((await outboxRows())[0]).toMatchObject({ status: "sent", lockedUntil: null });
  });
});

describe("the sweep", () => {
  it("sends a job for a due message that has none, once, and the worker then delivers it", async () => {
    // Written as before email ran on jobs: a row and no job.
    const [orphan] = await t.db.insert(emailOutbox).values({ toAddress: "amara.okafor@example.com", subject: "Old", textBody: "Old" }).returning();
    const [later] = await t.db
      .insert(emailOutbox)
      .values({ toAddress: "tunde.bello@example.com", subject: "Later", textBody: "Later", nextAttemptAt: new Date(Date.now() + 60 * 60_000) })
      .returning();
    await t.db.insert(emailOutbox).values({ toAddress: "kemi.adewale@example.com", subject: "Gone", textBody: "Gone", status: "failed", attempts: 8 });
    expect(await jobsFor(orphan!.id)).toEqual([]);

    expect(await sweepDueEmail(t.db)).toEqual({ due: 1 });
    expect((await jobsFor(orphan!.id)).map((j) => j.state)).toEqual(["created"]);
    // A second sweep while the job still waits does not add another.
    await sweepDueEmail(t.db);
    expect(await jobsFor(orphan!.id)).toHaveLength(1);
    expect(await jobsFor(later!.id)).toEqual([]);

    const sent: string[] = [];
    await startWorker({ name: "smtp", send: async (message) => (sent.push(message.subject), { providerMessageId: `<${message.id}@test>` }) });
    await waitUntil(async () => (await t.db.select().from(emailOutbox).where(eq(emailOutbox.id, orphan!.id)))[0]!.status === "sent", "the swept message");
    expect(sent).toEqual(["Old"]);
  });

  it("leaves the outbox alone while no transport is configured, and the worker finishes their jobs without sending", async () => {
    await enqueueEmail(t.db, { to: "amara.okafor@example.com", subject: "Welcome", text: "Welcome" });
    const [row] = await outboxRows();
    await startWorker(null);
    await waitUntil(async () => (await jobsFor(row!.id)).every((j) => j.state === "completed"), "the job to finish");
    expect((await outboxRows())[0]).toMatchObject({ status: "pending", attempts: 0, lastError: null });
  });
});

describe("concurrent workers", () => {
  function countingTransport() {
    const sends = new Map<string, number>();
    const transport: MailTransport = {
      name: "smtp",
      async send(message) {
        sends.set(message.id, (sends.get(message.id) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 1));
        return { providerMessageId: `<${message.id}@test>` };
      },
    };
    return { sends, transport };
  }

  const enqueueMany = (count: number) =>
    t.db.transaction(async (tx) => {
      for (let i = 0; i < count; i++) await enqueueEmail(tx, { to: `parent${i}@example.com`, subject: `Message ${i}`, text: `Message ${i}` });
    });

  it("two app instances' workers, with a duplicate job for every message, send each message exactly once", async () => {
    const { sends, transport } = countingTransport();
    await enqueueMany(40);
    const rows = await outboxRows();
    // As if the sweep had also queued each one while its first job waited (a second key gets past the policy).
    await sendJobs(t.db, rows.map((row) => ({ name: emailDeliveryJob.name, data: { outboxId: row.id }, singletonKey: `${row.id}:again` })));
    await Promise.all([startWorker(transport), startWorker(transport)]);

    await waitUntil(allSent, "every message to be sent");
    await waitUntil(async () => (await Promise.all(rows.map((row) => jobsFor(row.id)))).flat().every((j) => j.state === "completed"), "every job to finish");

    expect(sends.size).toBe(40);
    expect([...sends.values()].every((count) => count === 1)).toBe(true);
    expect((await outboxRows()).every((r) => r.status === "sent" && r.providerMessageId === `<${r.id}@test>`)).toBe(true);
  });

  it("send each message exactly once when several try every message at the same time", async () => {
    const { sends, transport } = countingTransport();
    await enqueueMany(30);
    const ids = (await outboxRows()).map((row) => row.id);
    // Six workers each handed a job for every message: on PostgreSQL their claims overlap (PGlite runs
    // one statement at a time, so there they only interleave).
    const outcomes = (await Promise.all(Array.from({ length: 6 }, () => Promise.all(ids.map((id) => deliverEmail(t.db, transport, id)))))).flat();

    expect(outcomes.filter((o) => o === "sent")).toHaveLength(30);
    expect(outcomes.filter((o) => o === "skipped")).toHaveLength(150);
    expect(sends.size).toBe(30);
    expect([...sends.values()].every((count) => count === 1)).toBe(true);
  });

  // PGlite has a single connection: a transaction holding rows would block the worker entirely.
  it.skipIf(inject("testDatabase").kind === "pglite")("pass over messages another worker is claiming instead of waiting for them or taking them too (PostgreSQL only)", async () => {
    const { sends, transport } = countingTransport();
    await enqueueMany(6);
    const held = await t.db.transaction(async (tx) => {
      const rows = await tx.select({ id: emailOutbox.id }).from(emailOutbox).orderBy(asc(emailOutbox.toAddress)).limit(2).for("update");
      expect(await deliverDue(transport)).toEqual(outcome({ sent: 4, skipped: 2 }));
      return rows.map((r) => r.id);
    });
    expect(held.some((id) => sends.has(id))).toBe(false);

    expect(await deliverDue(transport)).toEqual(outcome({ sent: 2 }));
    expect(sends.size).toBe(6);
    expect([...sends.values()].every((count) => count === 1)).toBe(true);
  });
});

describe("queueing", () => {
  it("queues one message, with one job, when the same idempotency key is used twice", async () => {
    const email = { to: "amara.okafor@example.com", subject: "Reset your password", text: resetLink, idempotencyKey: "password-reset:42" };
    await enqueueEmail(t.db, email);
    await enqueueEmail(t.db, { ...email, text: `${resetLink}&again=1` });
    const rows = await outboxRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.textBody).toBe(resetLink);
    expect(await jobsFor(rows[0]!.id)).toHaveLength(1);
  });

  it("queues nothing, and sends no job, when the change the email is about is rolled back", async () => {
    const jobsBefore = await selectRows<{ n: number }>(t.db, sql`select count(*)::int as n from ${sql.raw(JOB_SCHEMA)}.job where name = ${emailDeliveryJob.name}`);
    await t.db
      .transaction(async (tx) => {
        await enqueueEmail(tx, { to: "amara.okafor@example.com", subject: "Welcome", text: "Welcome" });
        throw new Error("the invitation could not be saved");
      })
      .catch(() => undefined);
    expect(await outboxRows()).toHaveLength(0);
    const jobsAfter = await selectRows<{ n: number }>(t.db, sql`select count(*)::int as n from ${sql.raw(JOB_SCHEMA)}.job where name = ${emailDeliveryJob.name}`);
    expect(jobsAfter[0]!.n).toBe(jobsBefore[0]!.n);
  });
});

describe("development outbox page", () => {
  let admin: Actor;
  beforeAll(async () => {
    admin = await t.actorFor(t.demo.adminUserId);
  });

  it("refuses teachers and parents", async () => {
    await enqueueEmail(t.db, { to: "amara.okafor@example.com", subject: "Reset your AMS password", text: resetLink });
    for (const userId of [t.demo.teacher.userId, t.demo.parent.userId]) {
      const actor = await t.actorFor(userId);
      await expect(listOutbox(t.db, actor, { mail: noMail })).rejects.toBeInstanceOf(ForbiddenError);
    }
  });

  it("shows an administrator the queued emails, newest first, with their text", async () => {
    await enqueueEmail(t.db, { to: "amara.okafor@example.com", subject: "You are invited to AMS", text: "Invitation: http://localhost:3000/invite/abc" });
    await t.db.update(emailOutbox).set({ createdAt: new Date(Date.now() - 60_000) });
    await enqueueEmail(t.db, {
      to: "tunde.bello@example.com",
      subject: "Reset your AMS password",
      text: `Reset: ${resetLink}`,
      html: "<p>secret html</p>",
    });

    const outbox = await listOutbox(t.db, admin, { mail: noMail });

    expect(outbox.total).toBe(2);
    expect(outbox.messages.map((m) => m.subject)).toEqual(["Reset your AMS password", "You are invited to AMS"]);
    expect(outbox.messages[0]).toEqual({
      id: expect.any(String),
      to: "tunde.bello@example.com",
      subject: "Reset your AMS password",
      text: `Reset: ${resetLink}`,
      status: "pending",
      createdAt: expect.any(Date),
    });
  });

  it("pages through a long outbox", async () => {
    await t.db.transaction(async (tx) => {
      for (let i = 0; i < 25; i++) await enqueueEmail(tx, { to: `parent${i}@example.com`, subject: `Message ${i}`, text: "Hello" });
    });
    const second = await listOutbox(t.db, admin, { page: "2", mail: noMail });
    expect(second).toMatchObject({ page: 2, total: 25 });
    expect(second.messages).toHaveLength(5);
    expect(await listOutbox(t.db, admin, { page: 9, mail: noMail })).toMatchObject({ page: 9, total: 25, messages: [] });
  });

  it("does not exist once a mail transport is configured, even for an administrator", async () => {
    await expect(listOutbox(t.db, admin, { mail: { SMTP_URL: "smtp://127.0.0.1:25", RESEND_API_KEY: undefined } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(listOutbox(t.db, admin, { mail: { SMTP_URL: undefined, RESEND_API_KEY: "re_test_123456789" } })).rejects.toBeInstanceOf(NotFoundError);
  });
});

