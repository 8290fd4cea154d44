import Link from "next/link";
import { can } from "@/lib/auth/policy";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { getStudentFormOptions, type StudentFormOptions } from "@/lib/server/students/get-student-form-options";
import { listStudents } from "@/lib/server/students/list-students";
import { studentListInputFromParams, studentListParamNames } from "@/lib/validation/students";
import { StudentsTable } from "./students-table";

export const metadata = { title: "Students" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function StudentsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePageActor();
  const params = await searchParams;
  const input = studentListInputFromParams((name) => first(params[name]));
  const db = await getDb();
  // A hand-edited URL with a bad value (an unknown sort, a page past the limit) drops that value
  // and shows the rest, rather than an error page.
  const list = await listStudents(db, actor, input).catch((error: unknown) => {
    if (!(error instanceof ValidationError)) throw error;
    const kept = Object.fromEntries(Object.entries(input).filter(([field]) => !(field in error.fieldErrors)));
    return listStudents(db, actor, kept).catch(() => listStudents(db, actor, {}));
  });
  const options: StudentFormOptions = await getStudentFormOptions(db, actor).catch((error: unknown) => {
    if (error instanceof ForbiddenError) return { yearName: null, classes: [], levels: [], departments: [], electives: [] };
    throw error;
  });
  const canManage = can(actor, "students.manage");
  // A new table (and no ticked rows) for each list shown; hiding a column keeps the ticks.
  const listKey = Object.entries(studentListParamNames)
    .map(([field, param]) => `${field}=${first(params[param]) ?? ""}`)
    .join("&");

  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Students</h1>
        {canManage ? (
          <Link href="/students/new" className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700">
            Admit a student
          </Link>
        ) : null}
      </div>
      {options.yearName ? <p className="mt-1 text-sm text-slate-700">Classes are those of {options.yearName}.</p> : null}
      <StudentsTable
        key={listKey}
        rows={list.rows}
        total={list.total}
        page={list.page}
        pageSize={list.pageSize}
        sort={list.query.sort}
        direction={list.query.direction}
        classes={options.classes}
        levels={options.levels}
        canManage={canManage}
      />
    </>
  );
}
