// Class levels (JSS 1 … SSS 3): their order, where each promotes to, and which one graduates.
import "server-only";
import { eq, sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { classLevels } from "@/lib/db/schema";
import { findPromotionCycle, usedBy } from "@/lib/domain/structure";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import {
  type ClassLevelInput,
  classLevelSchema,
  type IdOnlyInput,
  idOnlySchema,
  type ReorderClassLevelsInput,
  reorderClassLevelsSchema,
  type UpdateClassLevelInput,
  updateClassLevelSchema,
} from "@/lib/validation/school";
import { deleteOrExplain, FieldProblems, lockStructure, mapConstraint, requireRow } from "./structure-shared";

export type ClassLevel = { id: string; code: string; name: string; sequence: number; nextLevelId: string | null; isFinal: boolean };
export type ClassLevelRow = ClassLevel & { nextLevelName: string | null; classes: number };

const levelColumns = sql`l.id, l.code, l.name, l.sequence::int as sequence, l.next_level_id as "nextLevelId", l.is_final as "isFinal"`;

/** The levels in school order, with where each promotes to and how many classes it has (all years). */
export async function listClassLevels(db: Queryable, actor: Actor): Promise<ClassLevelRow[]> {
  assertCan(actor, "school.overview");
  return selectRows<ClassLevelRow>(
    db,
    sql`select ${levelColumns}, n.name as "nextLevelName",
               (select count(*)::int from classes c where c.class_level_id = l.id) as classes
        from class_levels l left join class_levels n on n.id = l.next_level_id
        order by l.sequence`,
  );
}

async function allLevels(tx: Queryable): Promise<ClassLevel[]> {
  return selectRows<ClassLevel>(tx, sql`select ${levelColumns} from class_levels l order by l.sequence for update`);
}

/** Clashing codes and names, a missing next level, and promotion chains that go round in circles. */
function checkLevelFits(levels: ClassLevel[], candidate: { id: string; code: string; name: string; nextLevelId: string | null }): FieldProblems {
  const problems = new FieldProblems();
  const others = levels.filter((level) => level.id !== candidate.id);
  const byCode = others.find((level) => level.code.toLowerCase() === candidate.code.toLowerCase());
  if (byCode) problems.add("code", `The code ${candidate.code} is already used by ${byCode.name}`);
  if (others.some((level) => level.name.toLowerCase() === candidate.name.toLowerCase())) problems.add("name", `A level called ${candidate.name} already exists`);
  if (candidate.nextLevelId === candidate.id) problems.add("nextLevelId", "A level can't promote into itself");
  else if (candidate.nextLevelId) {
    if (!others.some((level) => level.id === candidate.nextLevelId)) problems.add("nextLevelId", "Choose the next level from the list");
    else {
      const next = new Map<string, string | null>(levels.map((level) => [level.id, level.nextLevelId]));
      next.set(candidate.id, candidate.nextLevelId);
      const cycle = findPromotionCycle(next, candidate.id);
      if (cycle) {
        const nameOf = new Map(levels.map((level) => [level.id, level.name]));
        nameOf.set(candidate.id, candidate.name);
        problems.add("nextLevelId", `Promotions would go round in a circle: ${cycle.map((id) => nameOf.get(id)).join(" → ")}`);
      }
    }
  }
  return problems;
}

const levelConstraintRefusals = {
  class_levels_code_unique: () => new ConflictError("That code is taken.", { code: ["Another level already has this code"] }),
  class_levels_name_unique: () => new ConflictError("That name is taken.", { name: ["Another level already has this name"] }),
  class_levels_final_has_no_next: () => new ValidationError("A final level has no next level.", { nextLevelId: ["A final (graduating) level has no next level"] }),
};

const returning = {
  id: classLevels.id,
  code: classLevels.code,
  name: classLevels.name,
  sequence: classLevels.sequence,
  nextLevelId: classLevels.nextLevelId,
  isFinal: classLevels.isFinal,
};

/** Adds a level after the last one. The same submission twice returns the level the first one made. */
export async function createClassLevel(db: Queryable, actor: Actor, input: ClassLevelInput): Promise<ClassLevel> {
  assertCan(actor, "school.manage");
  const values = parseInput(classLevelSchema, input);
  return db.transaction(async (tx) => {
    await lockStructure(tx);
    const levels = await allLevels(tx);
    const same = levels.find(
      (level) =>
        level.code === values.code && level.name.toLowerCase() === values.name.toLowerCase() && level.nextLevelId === values.nextLevelId && level.isFinal === values.isFinal,
    );
    if (same) return same;
    // Not yet inserted, so no id can point back at it: a new level can't close a cycle.
    checkLevelFits(levels, { id: "", ...values }).throwIfAny("That level clashes with an existing one.");
    const sequence = Math.max(0, ...levels.map((level) => level.sequence)) + 1;
    const [created] = await mapConstraint(() => tx.insert(classLevels).values({ ...values, sequence }).returning(returning), levelConstraintRefusals);
    await writeAudit(tx, actor, { action: "class_level.create", entityType: "class_level", entityId: created!.id, after: created });
    return created!;
  });
}

export async function updateClassLevel(db: Queryable, actor: Actor, input: UpdateClassLevelInput): Promise<ClassLevel> {
  assertCan(actor, "school.manage");
  const { id, ...values } = parseInput(updateClassLevelSchema, input);
  return db.transaction(async (tx) => {
    await lockStructure(tx);
    const levels = await allLevels(tx);
    const before = levels.find((level) => level.id === id);
    if (!before) throw new NotFoundError("That level no longer exists. Reload the page.");
    if (before.code === values.code && before.name === values.name && before.nextLevelId === values.nextLevelId && before.isFinal === values.isFinal) {
      return before;
    }
    checkLevelFits(levels, { id, ...values }).throwIfAny("That level doesn't fit.");
    const [after] = await mapConstraint(() => tx.update(classLevels).set(values).where(eq(classLevels.id, id)).returning(returning), levelConstraintRefusals);
    await writeAudit(tx, actor, { action: "class_level.update", entityType: "class_level", entityId: id, before, after });
    return after!;
  });
}

/**
 * Puts the levels in the given order (every level, each once). With `relink`, each level also
 * promotes into the one after it and the last becomes the final, graduating level.
 */
export async function reorderClassLevels(db: Queryable, actor: Actor, input: ReorderClassLevelsInput): Promise<ClassLevel[]> {
  assertCan(actor, "school.manage");
  const { levelIds, relink } = parseInput(reorderClassLevelsSchema, input);
  return db.transaction(async (tx) => {
    await lockStructure(tx);
    const before = await allLevels(tx);
    const known = new Set(before.map((level) => level.id));
    if (levelIds.length !== known.size || new Set(levelIds).size !== levelIds.length || !levelIds.every((id) => known.has(id))) {
      throw new ConflictError("The levels changed since the page was loaded. Reload and try again.", { levelIds: ["Give every level exactly once"] });
    }
    const target = levelIds.map((id, index) => {
      const level = before.find((l) => l.id === id)!;
      return relink
        ? { ...level, sequence: index + 1, nextLevelId: levelIds[index + 1] ?? null, isFinal: index === levelIds.length - 1 }
        : { ...level, sequence: index + 1 };
    });
    const unchanged = target.every((level) => {
      const old = before.find((l) => l.id === level.id)!;
      return old.sequence === level.sequence && old.nextLevelId === level.nextLevelId && old.isFinal === level.isFinal;
    });
    if (unchanged) return before;
    if (!relink) {
      const next = new Map(target.map((level) => [level.id, level.nextLevelId]));
      const cycle = target.map((level) => findPromotionCycle(next, level.id)).find(Boolean);
      if (cycle) throw new ConflictError("The promotion links go round in a circle; fix the next levels first.", { levelIds: ["Promotions go round in a circle"] });
    }
    // Sequence is unique and checked row by row: park every level on a negative number first.
    await tx.execute(sql`update class_levels set sequence = -sequence`);
    for (const level of target) {
      await tx
        .update(classLevels)
        .set({ sequence: level.sequence, nextLevelId: level.nextLevelId, isFinal: level.isFinal })
        .where(eq(classLevels.id, level.id));
    }
    const after = await allLevels(tx);
    await writeAudit(tx, actor, {
      action: "class_level.reorder",
      entityType: "class_level",
      entityId: "all",
      before: before.map(({ id, name, sequence, nextLevelId, isFinal }) => ({ id, name, sequence, nextLevelId, isFinal })),
      after: after.map(({ id, name, sequence, nextLevelId, isFinal }) => ({ id, name, sequence, nextLevelId, isFinal })),
    });
    return after;
  });
}

/** Deletes a level nothing uses (no classes, no level promoting into it); otherwise says what uses it. */
export async function deleteClassLevel(db: Queryable, actor: Actor, input: IdOnlyInput): Promise<{ id: string; name: string }> {
  assertCan(actor, "school.manage");
  const { id } = parseInput(idOnlySchema, input);
  return db.transaction(async (tx) => {
    await lockStructure(tx);
    const level = await requireRow<ClassLevel>(tx, sql`select ${levelColumns} from class_levels l where l.id = ${id} for update`, "level");
    const feeders = await selectRows<{ name: string }>(tx, sql`select name from class_levels where next_level_id = ${id} order by sequence`);
    if (feeders.length > 0) {
      const names = feeders.map((feeder) => feeder.name).join(" and ");
      const message = `${names} ${feeders.length === 1 ? "promotes" : "promote"} into this level; change ${feeders.length === 1 ? "its" : "their"} next level first`;
      throw new ConflictError(`${level.name} can't be deleted: ${message}.`, { _form: [message] });
    }
    const [uses] = await selectRows<{ classes: number; schemes: number; scales: number; promotions: number }>(
      tx,
      sql`select (select count(*)::int from classes where class_level_id = ${id}) as classes,
                 (select count(*)::int from assessment_schemes where class_level_id = ${id}) as schemes,
                 (select count(*)::int from grade_scales where class_level_id = ${id}) as scales,
                 (select count(*)::int from promotion_runs where class_level_id = ${id}) as promotions`,
    );
    const used = usedBy(
      [
        [uses!.classes, "class", "classes"],
        [uses!.schemes, "assessment scheme"],
        [uses!.scales, "grading scale"],
        [uses!.promotions, "promotion run"],
      ],
      "this level",
    );
    if (used) throw new ConflictError(`${level.name} can't be deleted: ${used}.`, { _form: [used] });
    await deleteOrExplain(() => tx.delete(classLevels).where(eq(classLevels.id, id)), level.name);
    await writeAudit(tx, actor, { action: "class_level.delete", entityType: "class_level", entityId: id, before: level });
    return { id, name: level.name };
  });
}
