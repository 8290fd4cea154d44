// What each API token scope allows, and which users may hold it. Pure: the account page lists the
// scopes a user may choose, creation refuses the others, and every request checks them again, so a
// token outlives no role change (a teacher who stops teaching loses scores:write at once).
import { type Actor, can } from "@/lib/auth/policy";
import { type ApiScope, apiScopes } from "@/lib/db/schema/identity";

export { apiScopes, type ApiScope };

type ScopeDefinition = {
  /** What it lets an integration do, in the words the account page shows. */
  description: string;
  /** Who may hold it, in words, for docs/api.md and the reference page. */
  who: string;
  usableBy(actor: Actor): boolean;
};

const readsStudents = (actor: Actor) => can(actor, "students.read_all") || actor.educatorId !== null || actor.guardianId !== null || actor.studentId !== null;
const readsStructure = (actor: Actor) => can(actor, "school.overview") || actor.educatorId !== null;

export const apiScopeCatalogue: Record<ApiScope, ScopeDefinition> = {
  "students:read": {
    description: "Read the students you can see in AMS",
    who: "everyone: office and administrators every student, teachers their classes, parents their children, students themselves",
    usableBy: readsStudents,
  },
  "classes:read": {
    description: "Read classes",
    who: "office, heads of department and administrators every class; teachers the classes they teach or form-teach",
    usableBy: readsStructure,
  },
  "subjects:read": {
    description: "Read subjects",
    who: "office, heads of department and administrators every subject; teachers the subjects they teach",
    usableBy: readsStructure,
  },
  "enrolments:read": {
    description: "Read which class each student is in, year by year",
    who: "as students:read",
    usableBy: readsStudents,
  },
  "results:read": {
    description: "Read published term results",
    who: "administrators every student; parents their children; students themselves",
    usableBy: (actor) => can(actor, "results.read_all") || actor.guardianId !== null || actor.studentId !== null,
  },
  "scores:write": {
    description: "Enter scores for the classes and subjects you may enter scores for",
    who: "teachers their own classes and subjects, heads of department their department's, administrators any",
    usableBy: (actor) =>
      can(actor, "scores.manage_all") || (actor.educatorId !== null && (can(actor, "scores.enter") || can(actor, "scores.manage_department"))),
  },
};

/** The scopes this user may put on a token (and use one with), in catalogue order. */
export function usableApiScopes(actor: Actor): ApiScope[] {
  return apiScopes.filter((scope) => apiScopeCatalogue[scope].usableBy(actor));
}
