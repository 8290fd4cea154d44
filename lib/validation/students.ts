import { z } from "zod";
import { studentStatuses } from "@/lib/db/schema/people";

export const studentListSchema = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(5).max(100).default(25),
  search: z.string().trim().max(100).optional().transform((value) => value || undefined),
  status: z.enum(studentStatuses).optional(),
});
export type StudentListInput = z.input<typeof studentListSchema>;
