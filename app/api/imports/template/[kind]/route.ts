import { handleRoute } from "@/lib/auth/handlers";
import { getImportTemplate } from "@/lib/server/imports/get-import-template";

/** The CSV template of one kind of import, as a download; 404 for an unknown kind. */
export async function GET(request: Request, { params }: { params: Promise<{ kind: string }> }) {
  const { kind } = await params;
  return handleRoute(request, async ({ db, actor }) => {
    const template = await getImportTemplate(db, actor, { kind });
    return new Response(template.csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${template.filename}"`,
        "cache-control": "no-store",
      },
    });
  });
}
