import { apiHandler } from "@/lib/api/handler";
import { listEnrolmentsForApi } from "@/lib/server/api-v1/list-api-enrolments";

export const GET = apiHandler("listEnrolments", ({ db, actor, query }) => listEnrolmentsForApi(db, actor, query));
