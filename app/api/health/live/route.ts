import { NextResponse } from "next/server";

export const dynamic = "force-dynamic";

/**
 * Liveness: answers while the process can serve requests, checking nothing else. An orchestrator
 * restarts the process when this fails; a database outage is not cured by a restart (see ../ready).
 */
export async function GET() {
  return NextResponse.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
