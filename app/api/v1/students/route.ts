import { apiHandler } from "@/lib/api/handler";
import { listStudents } from "@/lib/server/students/list-students";
import type { apiStudent } from "@/lib/validation/api";
import type { z } from "zod";

/** The students the token's owner may see, a page at a time: the staff student list's own query. */
export const GET = apiHandler("listStudents", async ({ db, actor, query }) => {
  const { rows, total, page, pageSize } = await listStudents(db, actor, query);
  // listStudents types status and gender as plain text; the answer's schema checks them on the way out.
  return { data: rows as Array<z.input<typeof apiStudent>>, total, page, pageSize };
});
