// Words the gradebook settings show for stored values, in one place.
import type { RoundingMode } from "@/lib/domain/grading";

/** Each with an example at one decimal place, since the words alone don't say which way a half goes. */
export const roundingModeLabels: Record<RoundingMode, string> = {
  half_up: "Half up (69.95 → 70.0)",
  half_even: "Half to even (69.85 → 69.8, 69.95 → 70.0)",
  down: "Round down (69.99 → 69.9)",
};

export const roundingPlaceLabels: Record<0 | 1 | 2, string> = {
  0: "Whole numbers (70)",
  1: "1 decimal place (70.0)",
  2: "2 decimal places (70.00)",
};

export function describeRounding(mode: RoundingMode, places: number): string {
  const how = { half_up: "half up", half_even: "half to even", down: "down" }[mode];
  return `${how}, ${places === 0 ? "to whole numbers" : `to ${places} decimal place${places === 1 ? "" : "s"}`}`;
}
