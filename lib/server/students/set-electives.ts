import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { scores, studentElectives, subjectOfferings, subjects, terms } from "@/lib/db/schema";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type SetElectivesInput, setElectivesSchema } from "@/lib/validation/students";
import { displayName, lockStudentsForChange, requireCurrentYear } from "./enrolment";

export type ElectivesResult = { changed: boolean; subjects: string[] };

/**
 * Sets the elective subjects a student takes this year (core subjects are everyone's and can't be
 * chosen). An elective the student already has scores in this year can't be dropped: the scores
 * would lose their subject on the report card.
 */
export async function setElectives(db: Queryable, actor: Actor, input: SetElectivesInput): Promise<ElectivesResult> {
  assertCan(actor, "students.manage");
  const { studentId, subjectIds } = parseInput(setElectivesSchema, input);
  return db.transaction(async (tx) => {
    const year = await requireCurrentYear(tx);
    const [student] = await lockStudentsForChange(tx, actor, [studentId], year);
    if (!student) throw new NotFoundError("No student with that id is visible to you.");
    if (student.status !== "active") {
      const message = `${displayName(student)} has left the school (${student.status}): electives can't be changed`;
      throw new ConflictError(message, { subjectIds: [message] });
    }
    const chosen = subjectIds.length
      ? await tx.select({ id: subjects.id, name: subjects.name, kind: subjects.kind }).from(subjects).where(inArray(subjects.id, subjectIds))
      : [];
    const problems = [
      ...(chosen.length < subjectIds.length ? ["One of the chosen subjects no longer exists: refresh the page"] : []),
      ...chosen.filter((s) => s.kind !== "elective").map((s) => `${s.name} is a core subject: everyone in the class takes it`),
    ];
    if (problems.length > 0) throw new ValidationError("Choose elective subjects only.", { subjectIds: problems });

    const current = await tx
      .select({ id: subjects.id, name: subjects.name })
      .from(studentElectives)
      .innerJoin(subjects, eq(subjects.id, studentElectives.subjectId))
      .where(and(eq(studentElectives.studentId, studentId), eq(studentElectives.academicYearId, year.id)))
      .orderBy(asc(subjects.name));
    const removing = current.filter((s) => !subjectIds.includes(s.id));
    const adding = subjectIds.filter((id) => !current.some((s) => s.id === id));
    const names = chosen.map((s) => s.name).sort();
    if (removing.length === 0 && adding.length === 0) return { changed: false, subjects: names };

    if (removing.length > 0) {
      const scored = await tx
        .selectDistinct({ name: subjects.name })
        .from(scores)
        .innerJoin(subjectOfferings, eq(subjectOfferings.id, scores.offeringId))
        .innerJoin(terms, eq(terms.id, subjectOfferings.termId))
        .innerJoin(subjects, eq(subjects.id, subjectOfferings.subjectId))
        .where(
          and(
            eq(scores.studentId, studentId),
            eq(terms.academicYearId, year.id),
            inArray(subjectOfferings.subjectId, removing.map((s) => s.id)),
          ),
        );
      if (scored.length > 0) {
        throw new ConflictError("Some electives already have scores.", {
          subjectIds: scored.map((s) => `${s.name} can't be dropped: ${displayName(student)} already has ${s.name} scores this year`),
        });
      }
      await tx
        .delete(studentElectives)
        .where(
          and(
            eq(studentElectives.studentId, studentId),
            eq(studentElectives.academicYearId, year.id),
            inArray(studentElectives.subjectId, removing.map((s) => s.id)),
          ),
        );
    }
    if (adding.length > 0) {
      await tx
        .insert(studentElectives)
        .values(adding.map((subjectId) => ({ studentId, subjectId, academicYearId: year.id })))
        .onConflictDoNothing();
    }
    await writeAudit(tx, actor, {
      action: "student.electives_set",
      entityType: "student",
      entityId: studentId,
      before: { year: year.name, subjects: current.map((s) => s.name) },
      after: { year: year.name, subjects: names },
    });
    return { changed: true, subjects: names };
  });
}
