// The public API's inputs and answers (/api/v1). The route handlers parse with these schemas and
// shape their answers with them, and lib/api/openapi.ts turns the same schemas into the OpenAPI
// document, so the reference can't drift from what the handlers accept and return.
import { z } from "zod";
import { enrolmentStatuses, genders, studentStatuses } from "@/lib/db/schema/people";
import { subjectKinds } from "@/lib/db/schema/school";
import { idSchema } from "./common";
import { studentListSchema } from "./students";

// ---- Paging -------------------------------------------------------------------------------------

/** Offset paging, as the student list pages: page 1 first, 5 to 100 rows a page. */
const paging = {
  page: studentListSchema.shape.page.describe("Page number, from 1."),
  pageSize: studentListSchema.shape.pageSize.describe("Rows per page, 5 to 100 (25 when left out)."),
};

const pageInfo = {
  page: z.number().int().min(1).describe("This page's number."),
  pageSize: z.number().int().min(1).describe("Rows per page."),
  total: z.number().int().min(0).describe("Rows on every page together."),
};

const pageOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), ...pageInfo });

const optionalId = (what: string) => idSchema.optional().describe(what);

// ---- Students -----------------------------------------------------------------------------------

export const apiStudentsQuery = z.object({
  ...paging,
  classId: optionalId("Only students in this class this year."),
  levelId: optionalId("Only students in this class level this year."),
  search: studentListSchema.shape.search.describe("Part of a name or admission number."),
  status: studentListSchema.shape.status.describe('"active" (the default), "archived" (everyone who left), one status, or "all".'),
});

export const apiStudent = z
  .object({
    id: z.uuid(),
    admissionNumber: z.string(),
    name: z.string().describe("First and last name."),
    status: z.enum(studentStatuses),
    gender: z.enum(genders).nullable(),
    className: z.string().nullable().describe("The class this academic year; null when not enrolled this year."),
  })
  .describe("A student the token's owner may see.");

export const apiStudentPage = pageOf(apiStudent);

// ---- Classes and subjects -----------------------------------------------------------------------

export const apiClassesQuery = z.object({
  ...paging,
  academicYearId: optionalId("The academic year; the current one when left out."),
});

export const apiClass = z.object({
  id: z.uuid(),
  name: z.string().describe('As printed, e.g. "JSS 1 A".'),
  arm: z.string(),
  academicYearId: z.uuid(),
  academicYearName: z.string(),
  classLevelId: z.uuid(),
  levelName: z.string(),
  classTeacher: z.string().nullable().describe("The form teacher's name."),
});

export const apiClassPage = pageOf(apiClass);

export const apiSubjectsQuery = z.object({ ...paging });

export const apiSubject = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(subjectKinds),
  creditUnits: z.string().describe('Weight in the GPA, as a decimal string ("2.0").'),
  department: z.string().nullable(),
});

export const apiSubjectPage = pageOf(apiSubject);

// ---- Enrolments ---------------------------------------------------------------------------------

export const apiEnrolmentsQuery = z.object({
  ...paging,
  academicYearId: optionalId("The academic year; the current one when left out."),
  classId: optionalId("Only this class's enrolments."),
  studentId: optionalId("Only this student's enrolments."),
  status: z
    .enum([...enrolmentStatuses, "all"], { error: "Choose active, moved, completed, withdrawn or all" })
    .default("active")
    .describe('"active" (the default), another status, or "all".'),
});

export const apiEnrolment = z.object({
  id: z.uuid(),
  studentId: z.uuid(),
  admissionNumber: z.string(),
  studentName: z.string(),
  classId: z.uuid(),
  className: z.string(),
  academicYearId: z.uuid(),
  academicYearName: z.string(),
  status: z.enum(enrolmentStatuses),
  enrolledOn: z.iso.date(),
  leftOn: z.iso.date().nullable(),
});

export const apiEnrolmentPage = pageOf(apiEnrolment);

// ---- Published results --------------------------------------------------------------------------

export const apiResultsQuery = z.object({
  ...paging,
  termId: optionalId("Only this term; every term when left out."),
  classId: optionalId("Only students of this class."),
  studentId: optionalId("Only this student. A student whose results the token's owner may not read is a 404."),
});

const decimal = (what: string) => z.string().describe(`${what}, as a decimal string written with the grade scale's places ("70.5").`);

export const apiResultSubject = z.object({
  code: z.string(),
  name: z.string(),
  total: decimal("Out of 100").nullable().describe("Out of 100; null when exempt from every assessment."),
  grade: z.string().nullable(),
  remark: z.string().nullable(),
  classPosition: z.number().int().nullable(),
  classPositionShared: z.boolean(),
  classSize: z.number().int(),
});

export const apiResult = z
  .object({
    studentId: z.uuid(),
    admissionNumber: z.string(),
    studentName: z.string(),
    termId: z.uuid(),
    termName: z.string(),
    academicYearName: z.string(),
    classId: z.uuid(),
    className: z.string(),
    version: z.number().int().min(1).describe("Report card version: above 1 when it was published again with a reason."),
    publishedAt: z.iso.datetime(),
    summary: z.object({
      total: decimal("Sum of the counted subjects' totals"),
      average: decimal("Average of the counted subjects"),
      subjectCount: z.number().int(),
      gpa: z.string().nullable(),
      classPosition: z.number().int().nullable(),
      classPositionShared: z.boolean(),
      classSize: z.number().int(),
    }),
    subjects: z.array(apiResultSubject),
  })
  .describe("A student's published term result: what their current report card says. Nothing unpublished appears.");

export const apiResultPage = pageOf(apiResult);

// ---- Writing scores -----------------------------------------------------------------------------

const scoreValue = z
  .union([z.number().min(0, "Scores can't be negative"), z.enum(["absent", "exempt"]), z.null()], {
    error: 'Send a number, "absent", "exempt" or null',
  })
  .describe('A number up to the assessment\'s maximum (two decimal places at most), "absent", "exempt", or null to clear the cell.');

export const apiPutScoresBody = z
  .object({
    classId: idSchema,
    subjectId: idSchema,
    termId: optionalId("The term; the current one when left out."),
    assessmentId: idSchema.describe("The assessment (a component of the subject's assessment scheme, e.g. CA1)."),
    scores: z
      .array(z.object({ studentId: idSchema, score: scoreValue }))
      .min(1, "Send at least one score")
      .max(1000, "At most 1,000 scores can be sent at once"),
  })
  .superRefine((body, context) => {
    const first = new Map<string, number>();
    body.scores.forEach((row, index) => {
      const earlier = first.get(row.studentId);
      if (earlier === undefined) first.set(row.studentId, index);
      else context.addIssue({ code: "custom", path: ["scores", index, "studentId"], message: `The same student as row ${earlier}` });
    });
  });
export type ApiPutScoresBody = z.input<typeof apiPutScoresBody>;

const storedScore = z.union([z.number(), z.enum(["absent", "exempt"]), z.null()]);

export const apiPutScoresResult = z.object({
  offeringId: z.uuid().describe("The class's subject in that term."),
  termId: z.uuid(),
  assessmentId: z.uuid(),
  saved: z.array(
    z.object({
      studentId: z.uuid(),
      score: storedScore,
      version: z.number().int().min(0).describe("The cell's version now; 0 when empty."),
      changed: z.boolean().describe("False when the cell already held this value: sending the same scores again changes nothing."),
    }),
  ),
  conflicts: z
    .array(
      z.object({
        studentId: z.uuid(),
        yours: z.string(),
        theirs: z.string().describe("What is stored now, as the grade grid shows it."),
        changedBy: z.string().nullable(),
        changedAt: z.iso.datetime().nullable(),
      }),
    )
    .describe("Cells someone else changed while this request ran; left as they are. Send them again to overwrite."),
});

// ---- Errors -------------------------------------------------------------------------------------

export const apiProblem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().describe("What went wrong, for a person to read."),
    instance: z.string().optional(),
    errors: z
      .record(z.string(), z.array(z.string()))
      .optional()
      .describe('Messages by field; rows of a list by their index, e.g. "scores.3.score".'),
    retryAfterSeconds: z.number().int().optional(),
  })
  .describe("An RFC 9457 problem (application/problem+json).");

/** The document itself, loosely: its shape is OpenAPI 3.1's. */
export const apiOpenApiDocument = z.looseObject({ openapi: z.string(), info: z.object({ title: z.string(), version: z.string() }) });
