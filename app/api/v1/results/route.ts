import { apiHandler } from "@/lib/api/handler";
import { listPublishedResults } from "@/lib/server/api-v1/list-published-results";

export const GET = apiHandler("listResults", ({ db, actor, query }) => listPublishedResults(db, actor, query));
