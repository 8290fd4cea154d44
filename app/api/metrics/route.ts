import { getDatabaseHandle } from "@/lib/db";
import { env } from "@/lib/env";
import { getJobQueue } from "@/lib/jobs";
import { metricsResponse } from "@/lib/metrics";

export const dynamic = "force-dynamic";

/** Prometheus scrapes here with `Authorization: Bearer $METRICS_TOKEN`; without the variable set, 404. */
export function GET(request: Request) {
  return metricsResponse(request, env().METRICS_TOKEN, { openDb: getDatabaseHandle, jobQueue: getJobQueue });
}
