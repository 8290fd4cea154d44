// The permission catalogue and which roles hold which permission. The database holds the same
// grants (written at start-up by ensureReferenceData) so administrators can audit them with SQL.
import type { RoleKey } from "@/lib/db/schema";

export const permissionCatalogue = {
  "school.overview": "See school-wide counts and the current year and term",
  "school.manage": "Create and change departments, years, terms, classes and subjects",
  "students.read_all": "Read every student's profile",
  "students.manage": "Enrol, edit and change the status of students",
  "guardians.manage": "Create guardians and link them to students",
  "scores.enter": "Enter scores for the subjects and classes one teaches",
  "scores.manage_all": "Enter or correct scores for any class",
  "scores.manage_department": "Enter or correct scores in the subjects of the department one heads",
  "results.read_all": "Read every student's results and report cards",
  "reports.publish": "Compute results and publish report cards",
  "promotions.manage": "Preview, override and execute end-of-year promotions",
  "documents.verify": "Verify or reject uploaded documents",
  "users.manage": "Create accounts and grant roles",
  "audit.read": "Read the audit trail",
} as const;

export type Permission = keyof typeof permissionCatalogue;

export const roleDefinitions: Record<RoleKey, { name: string; description: string; permissions: Permission[] }> = {
  admin: {
    name: "Administrator",
    description: "Sets up the school and runs results, promotions and accounts",
    permissions: Object.keys(permissionCatalogue) as Permission[],
  },
  head_of_department: {
    name: "Head of department",
    description: "Teaches, and oversees the scores of their department's subjects",
    permissions: ["school.overview", "students.read_all", "scores.enter", "scores.manage_department"],
  },
  teacher: {
    name: "Teacher",
    description: "Enters scores and comments for the classes and subjects they teach",
    permissions: ["scores.enter"],
  },
  staff: {
    name: "Office staff",
    description: "Keeps student records and verifies documents",
    permissions: ["school.overview", "students.read_all", "students.manage", "guardians.manage", "documents.verify"],
  },
  parent: {
    name: "Parent or guardian",
    description: "Sees the results and report cards of their own children",
    permissions: [],
  },
  student: {
    name: "Student",
    description: "Sees their own results and report cards",
    permissions: [],
  },
};

/** Highest first: the role whose home page a user with several roles lands on. */
export const rolePrecedence: RoleKey[] = ["admin", "head_of_department", "staff", "teacher", "parent", "student"];
