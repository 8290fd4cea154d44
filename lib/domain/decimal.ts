// Exact decimal arithmetic for scores: values travel as strings ("12.50") from numeric columns and
// are computed as fractions of big integers, so 0.1 + 0.2 is 0.3 and a half always rounds up.

/** A non-negative or negative rational number n/d with d > 0. */
export type Fraction = { n: bigint; d: bigint };

const decimalPattern = /^(-)?(\d+)(?:\.(\d+))?$/;

export function parseDecimal(value: string | number): Fraction {
  const text = typeof value === "number" ? numberToPlainString(value) : value.trim();
  const match = decimalPattern.exec(text);
  if (!match) throw new RangeError(`Not a decimal number: "${value}"`);
  const [, sign, whole, fraction = ""] = match;
  const n = BigInt(`${whole}${fraction}`) * (sign ? -1n : 1n);
  return normalise({ n, d: 10n ** BigInt(fraction.length) });
}

function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
  // toString gives the shortest round-tripping form; exponent forms are expanded by toFixed.
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(20).replace(/\.?0+$/, "") : text;
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

function normalise({ n, d }: Fraction): Fraction {
  if (d === 0n) throw new RangeError("Division by zero");
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d);
  return { n: n / g, d: d / g };
}

export const add = (a: Fraction, b: Fraction): Fraction => normalise({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
export const multiply = (a: Fraction, b: Fraction): Fraction => normalise({ n: a.n * b.n, d: a.d * b.d });
export const divide = (a: Fraction, b: Fraction): Fraction => normalise({ n: a.n * b.d, d: a.d * b.n });
export const compare = (a: Fraction, b: Fraction): number => {
  const diff = a.n * b.d - b.n * a.d;
  return diff === 0n ? 0 : diff < 0n ? -1 : 1;
};
export const ZERO: Fraction = { n: 0n, d: 1n };

/** Rounds half away from zero to `places` decimals and formats with exactly that many digits. */
export function roundToString(value: Fraction, places = 2): string {
  const scale = 10n ** BigInt(places);
  const negative = value.n < 0n;
  const magnitude = negative ? -value.n : value.n;
  const scaled = (magnitude * scale * 2n + value.d) / (value.d * 2n); // floor(x * scale + 1/2)
  const whole = scaled / scale;
  const fraction = (scaled % scale).toString().padStart(places, "0");
  const text = places > 0 ? `${whole}.${fraction}` : `${whole}`;
  return negative && scaled !== 0n ? `-${text}` : text;
}

/** The same rounding for values given as decimal strings or numbers. */
export function roundDecimal(value: string | number, places = 2): string {
  return roundToString(parseDecimal(value), places);
}

export const subtract = (a: Fraction, b: Fraction): Fraction => add(a, { n: -b.n, d: b.d });

/**
 * A terminating decimal written without trailing zeros ("12.5", "10", "-0.25"), for showing values
 * that are already exact to a few places. Throws RangeError for a value like 1/3 that never ends:
 * those must go through a rounding rule instead.
 */
export function toPlainString(value: Fraction): string {
  const { n, d } = normalise(value);
  // A reduced fraction terminates exactly when its denominator has no prime factors but 2 and 5.
  let twos = 0;
  let fives = 0;
  let rest = d;
  while (rest % 2n === 0n) [rest, twos] = [rest / 2n, twos + 1];
  while (rest % 5n === 0n) [rest, fives] = [rest / 5n, fives + 1];
  if (rest !== 1n) throw new RangeError("Not a terminating decimal");
  const places = Math.max(twos, fives);
  const scaled = (n * 10n ** BigInt(places)) / d;
  const digits = (scaled < 0n ? -scaled : scaled).toString().padStart(places + 1, "0");
  const text = places > 0 ? `${digits.slice(0, -places)}.${digits.slice(-places)}` : digits;
  return scaled < 0n ? `-${text}` : text;
}
