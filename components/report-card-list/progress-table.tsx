// Each subject's published totals across terms: a small line per subject for the eye, and the
// numbers themselves in the same table for screen readers and for anyone who prefers them.
import type { SubjectProgress } from "@/lib/server/report-cards/list-report-cards";

function Sparkline({ values }: { values: Array<number | null> }) {
  const width = 120;
  const height = 32;
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const y = (v: number) => height - 2 - (v / 100) * (height - 4);
  const points = values.map((v, i) => (v === null ? null : `${(i * step).toFixed(1)},${y(v).toFixed(1)}`)).filter(Boolean);
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true" focusable="false" className="overflow-visible">
      <line x1="0" x2={width} y1={y(50)} y2={y(50)} className="stroke-slate-200" strokeDasharray="2 2" />
      {points.length > 1 ? <polyline points={points.join(" ")} fill="none" className="stroke-blue-700" strokeWidth="2" /> : null}
      {values.map((v, i) => (v === null ? null : <circle key={i} cx={i * step} cy={y(v)} r="2.5" className="fill-blue-700" />))}
    </svg>
  );
}

export function ProgressTable({ progress }: { progress: SubjectProgress[] }) {
  const terms = progress[0]?.points.map((p) => p.label) ?? [];
  if (terms.length === 0) return null;
  return (
    <div className="mt-2 overflow-x-auto" tabIndex={0} role="region" aria-label="Progress by subject, by term">
      <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
        <caption className="sr-only">Total in each subject, out of 100, by term</caption>
        <thead className="bg-slate-100 text-left">
          <tr>
            <th scope="col" className="px-3 py-2">Subject</th>
            {terms.map((label) => (
              <th key={label} scope="col" className="px-3 py-2 text-right">
                {label}
              </th>
            ))}
            <th scope="col" className="px-3 py-2">
              <span className="sr-only">Trend</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {progress.map((row) => (
            <tr key={row.subject}>
              <th scope="row" className="px-3 py-2 text-left font-medium">{row.subject}</th>
              {row.points.map((point) => (
                <td key={point.termId} className="px-3 py-2 text-right tabular-nums">
                  {point.total ?? "—"}
                </td>
              ))}
              <td className="px-3 py-2">
                <Sparkline values={row.points.map((p) => (p.total === null ? null : Number(p.total)))} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
