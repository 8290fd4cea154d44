// The public page a report card's QR code opens: says whether the printed card is genuine, without
// showing the record. Open to anyone, rate-limited per address.
import { headers } from "next/headers";
import { getDb } from "@/lib/db";
import { RateLimitedError } from "@/lib/errors";
import { verifyReportCard } from "@/lib/server/report-cards/verify-report-card";
import { clientIp, consume } from "@/lib/server/security/rate-limit";

export const metadata = { title: "Verify a report card", robots: { index: false } };

const day = (iso: string) => new Date(iso).toLocaleDateString("en-GB", { dateStyle: "long", timeZone: "UTC" });

export default async function VerifyPage({ params, searchParams }: { params: Promise<{ code: string }>; searchParams: Promise<{ h?: string }> }) {
  const { code } = await params;
  const { h } = await searchParams;
  let limited: string | null = null;
  try {
    await consume("verification", { ip: clientIp(await headers()) });
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    limited = error.message;
  }
  const result = limited ? null : await verifyReportCard(await getDb(), { code, hashStart: typeof h === "string" ? h : undefined });
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-10">
      <h1 className="text-2xl font-semibold">Report card verification</h1>
      {limited ? (
        <p role="alert" className="mt-4 rounded border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {limited}
        </p>
      ) : !result || result.status === "unknown" ? (
        <p role="alert" className="mt-4 rounded border border-red-300 bg-red-50 p-3 text-red-900">
          No report card with this code was issued by this school. Check the code, or contact the school.
        </p>
      ) : (
        <>
          {result.status === "current" ? (
            <p role="status" className="mt-4 rounded border border-green-300 bg-green-50 p-3 text-green-900">
              <strong>Genuine.</strong> This report card was issued by {result.schoolName} and is the current version.
            </p>
          ) : result.status === "superseded" ? (
            <p role="alert" className="mt-4 rounded border border-amber-300 bg-amber-50 p-3 text-amber-900">
              <strong>Superseded.</strong> This report card was issued by {result.schoolName} but replaced by a later version
              {result.supersededOn ? ` on ${day(result.supersededOn)}` : ""}. Ask the school for the current one.
            </p>
          ) : (
            <p role="alert" className="mt-4 rounded border border-red-300 bg-red-50 p-3 text-red-900">
              <strong>Does not match.</strong> The code printed on this card does not match the card {result.schoolName} issued: the
              card may have been altered. Contact the school.
            </p>
          )}
          <dl className="mt-6 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white p-4">
            <dt className="font-medium">School</dt>
            <dd>{result.schoolName}</dd>
            <dt className="font-medium">Term</dt>
            <dd>
              {result.termName}, {result.academicYearName}
            </dd>
            <dt className="font-medium">Student</dt>
            <dd>{result.initials}</dd>
            <dt className="font-medium">Issued</dt>
            <dd>
              {day(result.issuedOn)} (version {result.version})
            </dd>
            <dt className="font-medium">Check code</dt>
            <dd className="font-mono">{result.hashStart.match(/.{4}/g)!.join(" ")}</dd>
          </dl>
          <p className="mt-3 text-sm text-slate-700">The check code above should match the one printed under the QR code on the card.</p>
        </>
      )}
    </main>
  );
}
