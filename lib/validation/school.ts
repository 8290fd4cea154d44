import { z } from "zod";

export const departmentSchema = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .min(2, "Use 2 to 10 letters or digits")
    .max(10, "Use 2 to 10 letters or digits")
    .regex(/^[A-Z0-9]+$/, "Use letters and digits only, like SCI"),
  name: z.string().trim().min(2, "Give the department a name of at least 2 characters").max(80, "Keep the name under 80 characters"),
});
export type DepartmentInput = z.input<typeof departmentSchema>;
