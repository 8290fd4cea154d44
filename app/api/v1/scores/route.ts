import { apiHandler } from "@/lib/api/handler";
import { putAssessmentScores } from "@/lib/server/api-v1/put-assessment-scores";

export const PUT = apiHandler("putScores", ({ db, actor, body }) => putAssessmentScores(db, actor, body));
