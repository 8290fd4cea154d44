import { NextResponse } from "next/server";
import { buildOpenApiDocument } from "@/lib/api/openapi";

/** The API's OpenAPI 3.1 document; open to anyone, like the reference page made from it. */
export async function GET() {
  return NextResponse.json(buildOpenApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
