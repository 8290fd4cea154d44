// A subject's weighted total from its component scores: the rule every results page and report card uses.
import { add, compare, divide, type Fraction, multiply, parseDecimal, roundToString, ZERO } from "./decimal";

export type ComponentScore = {
  /** Highest mark the component allows, e.g. "60" for the exam. */
  maxScore: string;
  /** Share of the subject total in percent; a scheme's weights add up to 100. */
  weight: string;
  /** "absent" counts as zero; "exempt" removes the component and the others are scaled up to 100. */
  mark: "score" | "absent" | "exempt" | "missing";
  value?: string | null;
};

export type WeightedTotal =
  | { status: "complete"; total: string }
  /** At least one component has no score yet: the total so far is shown but not final. */
  | { status: "incomplete"; total: string; missing: number }
  /** Every component is exempt: the subject does not count for this student. */
  | { status: "exempt" };

const HUNDRED = parseDecimal("100");

/** Total out of 100, rounded half-up to 2 decimals only at the end. */
export function weightedTotal(components: ComponentScore[]): WeightedTotal {
  let earned = ZERO;
  let countedWeight = ZERO;
  let missing = 0;
  for (const component of components) {
    const max = parseDecimal(component.maxScore);
    const weight = parseDecimal(component.weight);
    if (compare(max, ZERO) <= 0) throw new RangeError("A component's maximum score must be above zero");
    if (component.mark === "exempt") continue;
    countedWeight = add(countedWeight, weight);
    if (component.mark === "missing") {
      missing++;
      continue;
    }
    if (component.mark === "absent") continue;
    if (component.value == null) throw new RangeError("A scored component needs a value");
    const value = parseDecimal(component.value);
    if (compare(value, ZERO) < 0 || compare(value, max) > 0) {
      throw new RangeError(`Score ${component.value} is outside 0 to ${component.maxScore}`);
    }
    earned = add(earned, multiply(divide(value, max), weight));
  }
  if (compare(countedWeight, ZERO) === 0) return { status: "exempt" };
  const total = roundToString(multiply(divide(earned, countedWeight), HUNDRED) satisfies Fraction);
  return missing > 0 ? { status: "incomplete", total, missing } : { status: "complete", total };
}
