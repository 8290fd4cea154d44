// The providers that deliver email: Resend's HTTP API, or any SMTP server, chosen by configuration.
import "server-only";
import nodemailer from "nodemailer";
import { Resend } from "resend";
import type { Env } from "@/lib/env";

export type MailConfig = Pick<Env, "MAIL_FROM" | "SMTP_URL" | "RESEND_API_KEY" | "RESEND_BASE_URL">;

export type MailMessage = {
  /** The outbox id: it lets the provider (and mail clients) recognise a retried send as the same message. */
  id: string;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
};

export interface MailTransport {
  readonly name: "smtp" | "resend";
  /** Resolves once the provider has accepted the message; throws a MailSendError otherwise. */
  send(message: MailMessage): Promise<{ providerMessageId: string }>;
}

export class MailSendError extends Error {
  override name = "MailSendError";
}

/**
 * When a send gives up (Resend: in total; SMTP: waiting for any answer from the server). The delivery
 * worker holds a claimed message for two minutes; a send still running after that could be repeated
 * by another worker taking the message over.
 */
export const SEND_TIMEOUT_MS = 30_000;

const RESEND_DEFAULT_BASE_URL = "https://api.resend.com";

export function isMailTransportConfigured(config: Pick<MailConfig, "SMTP_URL" | "RESEND_API_KEY">): boolean {
  return Boolean(config.RESEND_API_KEY || config.SMTP_URL);
}

/**
 * Resend when RESEND_API_KEY is set, otherwise SMTP when SMTP_URL is set, otherwise null: without a
 * transport mail stays in the outbox, and administrators read it on the development outbox page.
 */
export function mailTransportFromEnv(config: MailConfig): MailTransport | null {
  if (config.RESEND_API_KEY) return resendTransport(config.RESEND_API_KEY, config.RESEND_BASE_URL, config.MAIL_FROM);
  if (config.SMTP_URL) return smtpTransport(config.SMTP_URL, config.MAIL_FROM);
  return null;
}

function resendTransport(apiKey: string, baseUrl: string | undefined, from: string): MailTransport {
  // The SDK would otherwise read RESEND_BASE_URL from process.env itself; passing it keeps lib/env.ts
  // the one source of configuration and lets tests point a transport at a loopback server.
  const client = new Resend(apiKey, { baseUrl: (baseUrl ?? RESEND_DEFAULT_BASE_URL).replace(/\/+$/, "") });
  const secrets = [apiKey];
  return {
    name: "resend",
    async send(message) {
      const { data, error } = await client.emails.send(
        { from, to: message.to, subject: message.subject, text: message.text, ...(message.html ? { html: message.html } : {}) },
        // Resend drops a second request with the same key for 24 hours, so a send retried after a
        // crash between "accepted" and "recorded as sent" does not reach the recipient twice.
        { idempotencyKey: `ams-outbox-${message.id}`, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) },
      );
      // The SDK reports failures (HTTP errors, unreachable server) in `error` instead of throwing.
      if (error) {
        const status = error.statusCode ? `HTTP ${error.statusCode} ` : "";
        throw new MailSendError(redact(`Resend refused the message (${status}${error.name}): ${error.message}`, secrets));
      }
      if (!data?.id) throw new MailSendError("Resend accepted the request but returned no message id");
      return { providerMessageId: data.id };
    },
  };
}

function smtpTransport(smtpUrl: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: SEND_TIMEOUT_MS,
  });
  const secrets = urlSecrets(smtpUrl);
  const domain = /@([^\s<>@]+)>?\s*$/.exec(from)?.[1] ?? "ams.localhost";
  return {
    name: "smtp",
    async send(message) {
      try {
        const info = await transporter.sendMail({
          from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html ? { html: message.html } : {}),
          // The same Message-ID on every try lets mail clients hide a duplicate if a retry re-sends it.
          messageId: `<${message.id}@${domain}>`,
        });
        return { providerMessageId: info.messageId };
      } catch (error) {
        // Only the message travels on: nodemailer's error objects can carry the connection options.
        throw new MailSendError(redact(`SMTP delivery failed: ${errorText(error)}`, secrets));
      }
    },
  };
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}

function urlSecrets(url: string): string[] {
  try {
    const parsed = new URL(url);
    return [parsed.password, decodeURIComponent(parsed.password)].filter((secret) => secret.length >= 3);
  } catch {
    return [];
  }
}

function redact(text: string, secrets: string[]): string {
  return secrets.reduce((result, secret) => result.split(secret).join("[redacted]"), text);
}
