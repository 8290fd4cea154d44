import { apiHandler } from "@/lib/api/handler";
import { listSubjectsForApi } from "@/lib/server/api-v1/list-api-subjects";

export const GET = apiHandler("listSubjects", ({ db, actor, query }) => listSubjectsForApi(db, actor, query));
