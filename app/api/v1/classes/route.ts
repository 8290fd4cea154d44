import { apiHandler } from "@/lib/api/handler";
import { listClassesForApi } from "@/lib/server/api-v1/list-api-classes";

export const GET = apiHandler("listClasses", ({ db, actor, query }) => listClassesForApi(db, actor, query));
