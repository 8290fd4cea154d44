// A line chart of averages (0 to 100) over terms, drawn as SVG with the figures in a real table: the SVG
// is aria-hidden, so assistive technology reads the table and its caption. A term without a value breaks the line.

export type TrendPoint = { label: string; value: string | null };

const WIDTH = 320;
const HEIGHT = 160;
const LEFT = 26;
const RIGHT = 14;
const TOP = 12;
const BOTTOM = 20;

export function TrendChart({ caption, valueHeading, points }: { caption: string; valueHeading: string; points: TrendPoint[] }) {
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const xOf = (i: number) => LEFT + (points.length <= 1 ? plotWidth / 2 : (i * plotWidth) / (points.length - 1));
  const yOf = (value: number) => TOP + plotHeight - (Math.min(100, Math.max(0, value)) / 100) * plotHeight;
  // Runs of consecutive terms with a value, each drawn as its own line.
  const runs: Array<Array<{ x: number; y: number }>> = [[]];
  points.forEach((point, i) => {
    if (point.value === null) runs.push([]);
    else runs.at(-1)!.push({ x: xOf(i), y: yOf(Number(point.value)) });
  });
  return (
    <figure className="min-w-0">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full max-w-md" aria-hidden="true" focusable="false">
        {[0, 50, 100].map((tick) => (
          <g key={tick}>
            <line x1={LEFT} y1={yOf(tick)} x2={WIDTH - RIGHT} y2={yOf(tick)} className="stroke-slate-200" strokeWidth={1} />
            <text x={LEFT - 4} y={yOf(tick) + 3} textAnchor="end" fontSize={8} className="fill-slate-700">
              {tick}
            </text>
          </g>
        ))}
        {runs
          .filter((run) => run.length > 0)
          .map((run) => (
            <polyline
              key={`${run[0]!.x}`}
              points={run.map((p) => `${p.x},${p.y}`).join(" ")}
              fill="none"
              className="stroke-blue-700"
              strokeWidth={2}
            />
          ))}
        {points.map((point, i) =>
          point.value === null ? null : (
            <g key={point.label}>
              <circle cx={xOf(i)} cy={yOf(Number(point.value))} r={3} className="fill-blue-700" />
              <text x={xOf(i)} y={yOf(Number(point.value)) - 6} textAnchor="middle" fontSize={8} className="fill-slate-900">
                {point.value}
              </text>
            </g>
          ),
        )}
        {points.map((point, i) => (
          <text key={point.label} x={xOf(i)} y={HEIGHT - 5} textAnchor="middle" fontSize={8} className="fill-slate-700">
            {point.label}
          </text>
        ))}
      </svg>
      <table className="sr-only">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Term</th>
            <th scope="col">{valueHeading}</th>
          </tr>
        </thead>
        <tbody>
          {points.map((point) => (
            <tr key={point.label}>
              <th scope="row">{point.label}</th>
              <td>{point.value ?? "No result"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
