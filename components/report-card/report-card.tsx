// One published report card as a web page: the same layout decisions as the PDF, readable on a phone
// (only the subject table scrolls sideways) and printable from the browser.
import type { ReportCardContent, ReportCardView } from "@/lib/domain/report-card";
import {
  QR_CODE_LABEL,
  QR_QUIET_ZONE,
  type ReportCardVerification,
  type SubjectColumn,
  SUPERSEDED_BANNER,
  qrCodeSvgPath,
  reportCardLayout,
} from "@/lib/server/report-cards/report-card-layout";

type Props = { content: ReportCardContent; view: ReportCardView; verification: ReportCardVerification };

const cellAlign = (column: SubjectColumn | undefined) => (column?.kind === "subject" || column?.kind === "remark" ? "text-left" : "text-center");

export function ReportCard({ content, view, verification }: Props) {
  const layout = reportCardLayout({ content, view, verification });
  const { table, footer, qr } = layout;
  // ids from the student and version: unique when a page shows several cards, and stable between renders.
  const id = `report-card-${content.student.id}-${verification.version}`;
  const columnsByKey = new Map(table.columns.map((c) => [c.key, c]));
  const qrSide = qr.size + 2 * QR_QUIET_ZONE;

  return (
    <article
      aria-labelledby={`${id}-title`}
      className="mx-auto w-full max-w-5xl rounded-lg border border-slate-200 bg-white p-4 text-slate-900 sm:p-6 print:max-w-none print:break-after-page print:rounded-none print:border-0 print:p-0 print:text-black"
    >
      {/* The school's colour, drawn as SVG: the CSP blocks inline style attributes but not SVG fills. */}
      <svg aria-hidden="true" focusable="false" className="mb-4 block h-1.5 w-full" preserveAspectRatio="none" viewBox="0 0 100 1">
        <rect width="100" height="1" fill={layout.view.accentColour} />
      </svg>

      {footer.superseded ? (
        <div role="note" className="mb-4 rounded border-2 border-red-800 bg-red-50 p-3 text-red-900 print:bg-white">
          <p className="font-bold uppercase tracking-wide">{SUPERSEDED_BANNER.title}</p>
          <p className="text-sm">{SUPERSEDED_BANNER.text}</p>
        </div>
      ) : null}

      <header className="text-center">
        {layout.view.logoKey ? (
          // A plain <img>: next/image writes an inline style, which the CSP refuses. The key in the
          // address makes a new logo a new URL, so browsers never show the old one from their cache.
          // eslint-disable-next-line @next/next/no-img-element
          <img
            src={`/api/branding/logo?v=${encodeURIComponent(layout.view.logoKey)}`}
            alt={`${layout.school.name} logo`}
            className="mx-auto mb-2 h-16 w-auto max-w-full object-contain"
          />
        ) : null}
        <p className="text-xl font-bold sm:text-2xl">{layout.school.name}</p>
        {layout.school.motto ? <p className="text-sm italic text-slate-700 print:text-black">{layout.school.motto}</p> : null}
        {layout.school.contact ? <p className="text-sm break-words text-slate-700 print:text-black">{layout.school.contact}</p> : null}
      </header>

      <h1 id={`${id}-title`} className="mt-3 border-b border-slate-300 pb-2 text-center text-lg font-semibold sm:text-xl">
        {layout.title}
      </h1>

      <section aria-labelledby={`${id}-student`} className="mt-4 break-inside-avoid">
        <h2 id={`${id}-student`} className="sr-only">
          Student
        </h2>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-2 lg:grid-cols-4 print:grid-cols-4">
          {layout.student.map((item) => (
            <div key={item.label}>
              <dt className="text-sm text-slate-600 print:text-black">{item.label}</dt>
              <dd className="font-semibold break-words">{item.value}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby={`${id}-subjects`} className="mt-6">
        <h2 id={`${id}-subjects`} className="text-lg font-semibold">
          Subjects
        </h2>
        <div
          role="region"
          aria-labelledby={`${id}-caption`}
          tabIndex={0}
          className="mt-2 overflow-x-auto rounded border border-slate-200 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 print:overflow-visible print:border-0"
        >
          <table className="min-w-full border-collapse text-sm print:text-xs">
            <caption id={`${id}-caption`} className="sr-only">
              {table.caption}
            </caption>
            <thead className="bg-slate-100 print:bg-white">
              <tr>
                {table.columns.map((column) => (
                  <th key={column.key} scope="col" className={`border-b border-slate-300 px-2 py-2 align-bottom font-semibold ${cellAlign(column)}`}>
                    {column.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {table.rows.map((row) => (
                <tr key={row.code}>
                  {row.cells.map((cell) =>
                    cell.columnKey === "subject" ? (
                      <th key={cell.columnKey} scope="row" className="min-w-[10rem] px-2 py-1.5 text-left font-medium">
                        {cell.text}
                      </th>
                    ) : (
                      <td
                        key={cell.columnKey}
                        colSpan={cell.span > 1 ? cell.span : undefined}
                        className={`px-2 py-1.5 tabular-nums ${cell.span > 1 ? "text-center font-medium" : cellAlign(columnsByKey.get(cell.columnKey))} ${cell.columnKey === "remark" ? "min-w-[7rem]" : "whitespace-nowrap"}`}
                      >
                        {cell.text}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {table.notes.map((note) => (
          <p key={note} className="mt-2 text-sm text-slate-700 print:text-black">
            {note}
          </p>
        ))}
      </section>

      <section aria-labelledby={`${id}-overall`} className="mt-6 break-inside-avoid">
        <h2 id={`${id}-overall`} className="text-lg font-semibold">
          Overall
        </h2>
        <dl className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6 print:grid-cols-6">
          {layout.summary.map((item) => (
            <div key={item.label} className="rounded border border-slate-200 p-2">
              <dt className="text-sm text-slate-600 print:text-black">{item.label}</dt>
              <dd className="font-semibold tabular-nums">{item.value}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-3">
          <span className="font-semibold">{layout.nextTerm.label}:</span> {layout.nextTerm.value}
        </p>
      </section>

      <section aria-labelledby={`${id}-comments`} className="mt-6 break-inside-avoid">
        <h2 id={`${id}-comments`} className="text-lg font-semibold">
          Comments
        </h2>
        <dl className="mt-2 grid grid-cols-1 gap-4 sm:grid-cols-2">
          {layout.comments.map((comment) => (
            <div key={comment.label}>
              <dt className="text-sm font-semibold text-slate-700 print:text-black">{comment.label}</dt>
              <dd className="mt-1 break-words">{comment.value}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby={`${id}-grading`} className="mt-6 break-inside-avoid">
        <h2 id={`${id}-grading`} className="text-lg font-semibold">
          Grading key
        </h2>
        <ul className="mt-2 grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-2 lg:grid-cols-3 print:grid-cols-3">
          {layout.grading.bands.map((band) => (
            <li key={band.letter}>
              <span className="font-semibold">{band.letter}</span> {band.range}: {band.remark}
              {band.points ? ` (${band.points})` : ""}
            </li>
          ))}
        </ul>
        {layout.grading.sentences.map((sentence) => (
          <p key={sentence} className="mt-1 text-sm text-slate-700 print:text-black">
            {sentence}
          </p>
        ))}
      </section>

      {layout.signatures.length > 0 ? (
        <section aria-labelledby={`${id}-signatures`} className="mt-8 break-inside-avoid">
          <h2 id={`${id}-signatures`} className="sr-only">
            Signatures
          </h2>
          <div className="flex flex-wrap gap-x-8 gap-y-6">
            {layout.signatures.map((label) => (
              <div key={label} className="min-w-[10rem] flex-1">
                <div className="h-10 border-b border-slate-900" />
                <p className="mt-1 text-sm text-slate-700 print:text-black">{label}</p>
              </div>
            ))}
          </div>
        </section>
      ) : null}

      <footer aria-labelledby={`${id}-verification`} className="mt-8 flex flex-col gap-4 border-t border-slate-300 pt-4 break-inside-avoid sm:flex-row sm:items-start">
        <svg
          role="img"
          aria-label={QR_CODE_LABEL}
          viewBox={`0 0 ${qrSide} ${qrSide}`}
          shapeRendering="crispEdges"
          className="h-32 w-32 shrink-0 bg-white print:h-24 print:w-24"
        >
          <path d={qrCodeSvgPath(qr)} fill="#000000" />
        </svg>
        <div className="min-w-0 text-sm">
          {footer.superseded ? <p className="font-bold uppercase text-red-900">{SUPERSEDED_BANNER.title}</p> : null}
          <h2 id={`${id}-verification`} className="text-base font-semibold">
            {footer.heading}
          </h2>
          <p className="mt-1 text-slate-700 print:text-black">{footer.instruction}</p>
          <p className="mt-1 break-all">
            <a href={footer.url} className="text-blue-800 underline">
              {footer.url}
            </a>
          </p>
          <p className="mt-1">
            <span className="font-semibold">Check code:</span> <span className="font-mono">{footer.checkCode}</span>
          </p>
          <p className="mt-1">{footer.issued}</p>
        </div>
      </footer>
    </article>
  );
}
