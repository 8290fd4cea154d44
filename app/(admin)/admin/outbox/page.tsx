import { Pager } from "@/components/ui/pager";
// The development outbox: emails AMS would have sent, readable while no mail transport is configured.
import { notFound } from "next/navigation";
import { Fragment } from "react";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { listOutbox, type OutboxMessage } from "@/lib/server/email/list-outbox";

export const metadata = { title: "Outbox" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

const timeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium" });

const statusLabels: Record<OutboxMessage["status"], string> = {
  pending: "Waiting to be sent",
  sending: "Sending",
  sent: "Sent",
  failed: "Failed",
};

export default async function OutboxPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePageActor("admin");
  const params = await searchParams;
  const db = await getDb();
  const outbox = await listOutbox(db, actor, { page: first(params.page) ?? 1 }).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    // A hand-edited URL with a bad page number shows the first page instead of an error.
    if (error instanceof ValidationError) return listOutbox(db, actor);
    throw error;
  });
  const pages = Math.max(1, Math.ceil(outbox.total / outbox.pageSize));

  return (
    <>
      <h1 className="text-2xl font-semibold">Outbox</h1>
      <p className="mt-2 max-w-3xl text-slate-700">
        No mail transport is configured, so AMS keeps its emails here instead of sending them. Open invitation and password reset
        links from this page. Set <code className="font-mono text-sm">SMTP_URL</code> or{" "}
        <code className="font-mono text-sm">RESEND_API_KEY</code> to send email; this page then goes away.
      </p>
      <p className="mt-3 text-sm text-slate-700" aria-live="polite">
        {outbox.total === 0
          ? "No emails yet."
          : `${outbox.total} email${outbox.total === 1 ? "" : "s"}, newest first, page ${outbox.page} of ${pages}`}
      </p>
      <ol className="mt-4 space-y-4">
        {outbox.messages.map((message) => (
          <li key={message.id}>
            <article aria-labelledby={`email-${message.id}`} className="rounded-lg border border-slate-200 bg-white p-4">
              <h2 id={`email-${message.id}`} className="text-lg font-semibold break-words">
                {message.subject}
              </h2>
              <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                <dt className="font-medium text-slate-600">To</dt>
                <dd className="break-all">{message.to}</dd>
                <dt className="font-medium text-slate-600">Queued</dt>
                <dd>
                  <time dateTime={message.createdAt.toISOString()}>{timeFormat.format(message.createdAt)}</time>
                </dd>
                <dt className="font-medium text-slate-600">Status</dt>
                <dd>{statusLabels[message.status]}</dd>
              </dl>
              <pre className="mt-3 overflow-x-auto rounded bg-slate-50 p-3 font-mono text-sm whitespace-pre-wrap break-words">
                <LinkedText text={message.text} />
              </pre>
            </article>
          </li>
        ))}
      </ol>
      <Pager page={outbox.page} pages={pages} href={(page) => `/admin/outbox?page=${page}`} labels={["Newer emails", "Older emails"]} />
    </>
  );
}

// Emails carry their links as plain URLs; only http(s) ones become links, so a message cannot
// smuggle in a javascript: link. Punctuation that ends a sentence is left out of the link.
const urlPattern = /(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]])/g;

function LinkedText({ text }: { text: string }) {
  return (
    <>
      {text.split(urlPattern).map((part, index) =>
        // split() with a capturing group puts the matches at the odd indexes.
        index % 2 === 1 ? (
          <a key={index} href={part} rel="noreferrer" className="break-all text-blue-700 underline focus-visible:outline-2 focus-visible:outline-blue-700">
            {part}
          </a>
        ) : (
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </>
  );
}
