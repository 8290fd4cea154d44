// Every operation of the public API (/api/v1): its path, the scope it needs, and the zod schemas its
// route handler parses and answers with. The handlers and the OpenAPI document both read this table.
import type { z } from "zod";
import type { ApiScope } from "@/lib/db/schema/identity";
import {
  apiClassesQuery,
  apiClassPage,
  apiEnrolmentPage,
  apiEnrolmentsQuery,
  apiOpenApiDocument,
  apiPutScoresBody,
  apiPutScoresResult,
  apiResultPage,
  apiResultsQuery,
  apiStudentPage,
  apiStudentsQuery,
  apiSubjectPage,
  apiSubjectsQuery,
} from "@/lib/validation/api";

export type ApiOperation = {
  method: "GET" | "PUT";
  /** Relative to /api/v1, as Next.js folders spell it. */
  path: string;
  summary: string;
  description: string;
  /** Null: open to anyone, no token. */
  scope: ApiScope | null;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Names the body's and the answer's schemas in the document (components/schemas). */
  bodyName?: string;
  response: z.ZodType;
  responseName: string;
  /** Error statuses beyond 401, 403 and 429, which every operation with a scope may answer. */
  errors: number[];
  /** For the reference page's curl line. */
  example?: { query?: Record<string, string>; body?: unknown };
};

const EXAMPLE_ID = "0190b0d4-7c2e-7a51-9f3c-2b6a8e4d1f00";

export const apiOperations = {
  listStudents: {
    method: "GET",
    path: "/students",
    summary: "List students",
    description:
      "The students the token's owner may see, sorted by name: every student for the office and administrators, the students of their classes for a teacher, their children for a parent, themselves for a student.",
    scope: "students:read",
    query: apiStudentsQuery,
    response: apiStudentPage,
    responseName: "StudentPage",
    errors: [422],
    example: { query: { classId: EXAMPLE_ID, pageSize: "100" } },
  },
  listClasses: {
    method: "GET",
    path: "/classes",
    summary: "List classes",
    description: "A year's classes in level order: every class for the office and administrators, the classes a teacher teaches or form-teaches.",
    scope: "classes:read",
    query: apiClassesQuery,
    response: apiClassPage,
    responseName: "ClassPage",
    errors: [422],
  },
  listSubjects: {
    method: "GET",
    path: "/subjects",
    summary: "List subjects",
    description: "Subjects by name: every subject for the office, heads of department and administrators, the subjects a teacher teaches.",
    scope: "subjects:read",
    query: apiSubjectsQuery,
    response: apiSubjectPage,
    responseName: "SubjectPage",
    errors: [422],
  },
  listEnrolments: {
    method: "GET",
    path: "/enrolments",
    summary: "List enrolments",
    description:
      "Which class each student is in for an academic year (the current one unless asked), within the same reach as students:read; a teacher sees the enrolments of the classes they teach or form-teach.",
    scope: "enrolments:read",
    query: apiEnrolmentsQuery,
    response: apiEnrolmentPage,
    responseName: "EnrolmentPage",
    errors: [422],
    example: { query: { classId: EXAMPLE_ID } },
  },
  listResults: {
    method: "GET",
    path: "/results",
    summary: "List published term results",
    description:
      "Published term results, newest term first: exactly what each student's current report card says. Results that are computed but not published never appear. Administrators read every student, parents their children, students themselves.",
    scope: "results:read",
    query: apiResultsQuery,
    response: apiResultPage,
    responseName: "ResultPage",
    errors: [404, 422],
    example: { query: { studentId: EXAMPLE_ID } },
  },
  putScores: {
    method: "PUT",
    path: "/scores",
    summary: "Write scores",
    description:
      "Writes one assessment's scores for students of one class and subject in a term, through the same checks as the grade grid: only a class and subject the token's owner may enter scores for (others are 404), only while the term is open and the scores are not submitted or approved (409). Each score is checked against the assessment's maximum; one bad row refuses the whole request, with each row's message under scores.<row>.score. Sending the same scores again changes nothing.",
    scope: "scores:write",
    body: apiPutScoresBody,
    bodyName: "PutScoresRequest",
    response: apiPutScoresResult,
    responseName: "PutScoresResult",
    errors: [404, 409, 422],
    example: {
      body: {
        classId: EXAMPLE_ID,
        subjectId: EXAMPLE_ID,
        assessmentId: EXAMPLE_ID,
        scores: [
          { studentId: EXAMPLE_ID, score: 14.5 },
          { studentId: "0190b0d4-7c2e-7a51-9f3c-2b6a8e4d1f01", score: "absent" },
        ],
      },
    },
  },
  getOpenApiDocument: {
    method: "GET",
    path: "/openapi.json",
    summary: "This reference, as an OpenAPI 3.1 document",
    description: "The OpenAPI 3.1 document the reference page is rendered from. No token needed.",
    scope: null,
    response: apiOpenApiDocument,
    responseName: "OpenApiDocument",
    errors: [],
  },
} as const satisfies Record<string, ApiOperation>;

export type ApiOperationId = keyof typeof apiOperations;
