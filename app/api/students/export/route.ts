import { handleRoute } from "@/lib/auth/handlers";
import { CSV_BOM, csvLines } from "@/lib/domain/csv-export";
import { exportStudents, type StudentExportRow } from "@/lib/server/students/export-students";
import { studentListInputFromParams, todayIso } from "@/lib/validation/students";

const header = ["Admission number", "Last name", "First name", "Middle name", "Class", "Status", "Gender", "Date of birth", "Admitted on", "Email", "Phone"];
const cells = (r: StudentExportRow) => [r.admissionNumber, r.lastName, r.firstName, r.middleName, r.className, r.status, r.gender, r.dateOfBirth, r.admittedOn, r.email, r.phone];

/**
 * The student list as CSV: every row matching the list's filters (all pages), in the list's order.
 * Streamed a batch at a time, so a large school's file starts at once and memory stays flat.
 */
export async function GET(request: Request) {
  return handleRoute(request, async ({ db, actor }) => {
    const params = new URL(request.url).searchParams;
    const { page: _page, pageSize: _size, ...filters } = studentListInputFromParams((name) => params.get(name));
    const exported = await exportStudents(db, actor, filters);
    const encoder = new TextEncoder();
    const batches = exported.batches;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(CSV_BOM + csvLines([header])));
      },
      async pull(controller) {
        const next = await batches.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(csvLines(next.value.map(cells))));
      },
      async cancel() {
        await batches.return(undefined);
      },
    });
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="students-${todayIso()}.csv"`,
        "cache-control": "no-store",
        "x-total-count": String(exported.total),
      },
    });
  });
}
