// Creates a grade scale or changes one; the bands are replaced together, each stored with its upper bound.
import "server-only";
import { eq, sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows, type Transaction } from "@/lib/db/client";
import { gradeBands, gradeScales } from "@/lib/db/schema";
import { type GradeBand, withUpperBounds } from "@/lib/domain/grading";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { FieldProblems, mapConstraint } from "@/lib/server/school/structure-shared";
import { parseInput } from "@/lib/validation/common";
import { type GradeScaleInput, gradeScaleSchema } from "@/lib/validation/gradebook-settings";
import { levelsLosingAScale, lockGradebookSettings, plain, SETTINGS_PERMISSION, SETTINGS_REFUSAL } from "./settings-shared";

export type SavedBand = { letter: string; minScore: string; maxScore: string; points: string; remark: string };

export type SaveScaleResult = {
  id: string;
  name: string;
  created: boolean;
  /** False when the submission matched what was stored (a double submit): nothing was written. */
  changed: boolean;
  /** Highest first, as stored. */
  bands: SavedBand[];
};

type Scale = {
  name: string;
  classLevelId: string | null;
  passMark: string;
  roundingMode: "half_up" | "half_even" | "down";
  roundingPlaces: 0 | 1 | 2;
  bands: SavedBand[];
};

const schoolWideTaken = (name: string) => `There is already a school-wide scale, "${name}"; edit it, or choose a class level for this one`;
const levelTaken = (level: string, name: string) => `${level} already has its own scale, "${name}"; edit that one, or choose another level`;

const constraintRefusals = {
  grade_scales_one_school_default: () =>
    new ConflictError("There is already a school-wide scale.", { classLevelId: ["There is already a school-wide scale; choose a class level for this one"] }),
  grade_scales_level_key: () => new ConflictError("That level already has a scale.", { classLevelId: ["This level already has its own scale; choose another level"] }),
  grade_scales_name_unique: () => new ConflictError("That name is taken.", { name: ["Another grade scale already has this name"] }),
};

const sameScale = (a: Scale, b: Scale) =>
  a.name === b.name &&
  a.classLevelId === b.classLevelId &&
  a.passMark === b.passMark &&
  a.roundingMode === b.roundingMode &&
  a.roundingPlaces === b.roundingPlaces &&
  JSON.stringify(a.bands) === JSON.stringify(b.bands);

async function loadScale(tx: Queryable, id: string): Promise<Scale | null> {
  const [row] = await selectRows<Omit<Scale, "bands">>(
    tx,
    sql`select name, class_level_id as "classLevelId", pass_mark::text as "passMark", rounding_mode as "roundingMode",
               rounding_places::int as "roundingPlaces"
        from grade_scales where id = ${id} for update`,
  );
  if (!row) return null;
  const bands = await selectRows<SavedBand>(
    tx,
    sql`select letter, min_score::text as "minScore", max_score::text as "maxScore", points::text as points, remark
        from grade_bands where scale_id = ${id} order by min_score desc`,
  );
  const two = (value: string) => Number(value).toFixed(2);
  return {
    ...row,
    passMark: plain(row.passMark),
    bands: bands.map((band) => ({ ...band, minScore: plain(band.minScore), maxScore: two(band.maxScore), points: plain(band.points) })),
  };
}

/**
 * Saves a scale (a new one when `id` is empty): one school-wide scale (no level) and at most one per
 * level. Bands are defined by their minimum; each is stored with the upper bound that leaves no gap
 * below the next band up. A change that would leave some level with no scale at all is refused.
 */
export async function saveGradeScale(db: Queryable, actor: Actor, input: GradeScaleInput): Promise<SaveScaleResult> {
  assertCan(actor, SETTINGS_PERMISSION, SETTINGS_REFUSAL);
  const { id, ...values } = parseInput(gradeScaleSchema, input);
  const bands: GradeBand[] = values.bands.map((band) => ({ letter: band.letter, minScore: plain(band.minScore), points: plain(band.points), remark: band.remark }));
  const next: Scale = {
    name: values.name,
    classLevelId: values.classLevelId,
    passMark: plain(values.passMark),
    roundingMode: values.roundingMode,
    roundingPlaces: values.roundingPlaces,
    bands: withUpperBounds(bands).map(({ letter, minScore, maxScore, points, remark }) => ({ letter, minScore, maxScore, points, remark })),
  };

  return db.transaction(async (tx) => {
    await lockGradebookSettings(tx);
    const [level] = next.classLevelId ? await selectRows<{ name: string }>(tx, sql`select name from class_levels where id = ${next.classLevelId}`) : [];
    if (next.classLevelId && !level) throw new ValidationError("That class level no longer exists. Reload the page.", { classLevelId: ["Choose a class level from the list"] });

    const others = await selectRows<{ id: string; name: string; classLevelId: string | null }>(
      tx,
      sql`select id, name, class_level_id as "classLevelId" from grade_scales where id is distinct from ${id} order by name`,
    );
    if (!id) {
      // A double submit finds the scale the first one made, identical: nothing to do.
      const twin = others.find((other) => other.name === next.name && other.classLevelId === next.classLevelId);
      const stored = twin ? await loadScale(tx, twin.id) : null;
      if (twin && stored && sameScale(stored, next)) return { id: twin.id, name: twin.name, created: false, changed: false, bands: stored.bands };
    }
    const problems = new FieldProblems();
    const sameLevel = others.find((other) => other.classLevelId === next.classLevelId);
    if (sameLevel) problems.add("classLevelId", level ? levelTaken(level.name, sameLevel.name) : schoolWideTaken(sameLevel.name));
    const sameName = others.find((other) => other.name.toLowerCase() === next.name.toLowerCase());
    if (sameName) problems.add("name", `Another grade scale is already called "${sameName.name}"`);
    problems.throwIfAny(Object.values(problems.errors).flat().join(". ") + ".");

    return id ? updateScale(tx, actor, id, next) : createScale(tx, actor, next);
  });
}

async function writeBands(tx: Transaction, scaleId: string, bands: SavedBand[]): Promise<void> {
  await tx.delete(gradeBands).where(eq(gradeBands.scaleId, scaleId));
  await tx.insert(gradeBands).values(bands.map((band) => ({ scaleId, ...band })));
}

async function createScale(tx: Transaction, actor: Actor, next: Scale): Promise<SaveScaleResult> {
  const { bands, ...row } = next;
  const [created] = await mapConstraint(() => tx.insert(gradeScales).values(row).returning({ id: gradeScales.id }), constraintRefusals);
  await writeBands(tx, created!.id, bands);
  await writeAudit(tx, actor, { action: "grade_scale.create", entityType: "grade_scale", entityId: created!.id, after: next });
  return { id: created!.id, name: next.name, created: true, changed: true, bands };
}

async function updateScale(tx: Transaction, actor: Actor, id: string, next: Scale): Promise<SaveScaleResult> {
  const before = await loadScale(tx, id);
  if (!before) throw new NotFoundError("That grade scale no longer exists. Reload the page.");
  if (sameScale(before, next)) return { id, name: before.name, created: false, changed: false, bands: before.bands };
  if (before.classLevelId !== next.classLevelId) {
    const stranded = await levelsLosingAScale(tx, { scaleId: id, classLevelId: next.classLevelId });
    if (stranded.length > 0) {
      const message = `${stranded.join(", ")} would be left with no grade scale; add a school-wide scale first`;
      throw new ConflictError(`This scale can't move: ${message}.`, { classLevelId: [message] });
    }
  }
  const { bands, ...row } = next;
  await mapConstraint(() => tx.update(gradeScales).set(row).where(eq(gradeScales.id, id)), constraintRefusals);
  await writeBands(tx, id, bands);
  await writeAudit(tx, actor, { action: "grade_scale.update", entityType: "grade_scale", entityId: id, before, after: next });
  return { id, name: next.name, created: false, changed: true, bands };
}
