// SQL pieces the results use cases share: exact rounding of a fraction by a grade scale's rule, and
// which assessment scheme and grade scale apply (the same choices as lib/server/gradebook/grading-setup.ts).
import "server-only";
import { type SQL, sql } from "drizzle-orm";

/**
 * Rounds the fraction numerator / denominator by a grade scale's rule, exactly as lib/domain/grading
 * `applyRounding` does: both operands must be non-negative whole numbers (numeric, any size) and the
 * denominator above zero. The result is a numeric with exactly `places` decimals.
 *
 * Why not `round(numerator / denominator, places)`: numeric division stops after about 16 significant
 * digits, so 200/3 comes back as 66.6666666666666667 and a true half can't be told from a value a hair
 * away from it; and `round` only rounds half away from zero. Whole-number div/mod decides the last digit
 * the way applyRounding does with bigints: kept = floor(x·10^p), and twice the remainder against the
 * denominator says below, at or above the half.
 *
 * Each argument is repeated in the expression: pass column references, not subqueries.
 */
export function roundFractionSql(numerator: SQL, denominator: SQL, mode: SQL, places: SQL): SQL {
  const scaled = sql`(${numerator} * (case ${places} when 0 then 1 when 1 then 10 else 100 end))`;
  const kept = sql`div(${scaled}, ${denominator})`;
  const twiceRest = sql`(2 * mod(${scaled}, ${denominator}))`;
  // The last factor is a literal with `places` decimals, so the product carries exactly that scale ("70.0", "7", "64.50").
  return sql`((${kept} + case
      when ${mode} = 'half_up' and ${twiceRest} >= ${denominator} then 1
      when ${mode} = 'half_even' and (${twiceRest} > ${denominator} or (${twiceRest} = ${denominator} and mod(${kept}, 2) = 1)) then 1
      else 0 end) * (case ${places} when 0 then 1 when 1 then 0.1 else 0.01 end))`;
}

/** The grade scale of a class level (an expression giving its id): the level's own, else the school's. */
export const levelScaleSql = (classLevelId: SQL) => sql`(
  select g.id from grade_scales g
  where g.class_level_id is null or g.class_level_id = ${classLevelId}
  order by g.class_level_id is null
  limit 1)`;

/**
 * A stored total, average or GPA (numeric(…, 2)) written with the scale's number of places, as
 * applyRounding writes it ("70.0" rather than the column's "70.00"). Exact: the value already has
 * at most `places` decimals.
 */
export const withPlacesSql = (value: SQL, places: SQL) => sql`round(${value}, ${places})::text`;
