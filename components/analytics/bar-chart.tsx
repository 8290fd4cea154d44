// A bar chart drawn as SVG for sighted users, with the same figures in a real table for everyone else:
// the SVG is aria-hidden, so a screen reader reads the table (and its caption) instead.

export type Bar = { label: string; value: number };

const WIDTH = 320;
const HEIGHT = 160;
const AXIS = 18;
const TOP = 14;

export function BarChart({
  caption,
  categoryHeading,
  valueHeading,
  bars,
}: {
  /** Says what the chart shows; the table's caption. */
  caption: string;
  categoryHeading: string;
  valueHeading: string;
  bars: Bar[];
}) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const slot = WIDTH / Math.max(1, bars.length);
  const plot = HEIGHT - AXIS - TOP;
  return (
    <figure className="min-w-0">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="h-auto w-full max-w-md"
        aria-hidden="true"
        focusable="false"
       
      >
        <line x1={0} y1={HEIGHT - AXIS} x2={WIDTH} y2={HEIGHT - AXIS} className="stroke-slate-400" strokeWidth={1} />
        {bars.map((bar, i) => {
          const height = (bar.value / max) * plot;
          const x = i * slot + slot * 0.15;
          const y = HEIGHT - AXIS - height;
          return (
            <g key={bar.label}>
              <rect x={x} y={y} width={slot * 0.7} height={height} className="fill-blue-700" />
              {bar.value > 0 ? (
                <text x={x + slot * 0.35} y={y - 3} textAnchor="middle" fontSize={9} className="fill-slate-900">
                  {bar.value}
                </text>
              ) : null}
              <text x={x + slot * 0.35} y={HEIGHT - 5} textAnchor="middle" fontSize={7} className="fill-slate-700">
                {bar.label}
              </text>
            </g>
          );
        })}
      </svg>
      <table className="sr-only">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{categoryHeading}</th>
            <th scope="col">{valueHeading}</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.label}>
              <th scope="row">{bar.label}</th>
              <td>{bar.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
