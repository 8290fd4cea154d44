import { handleRoute } from "@/lib/auth/handlers";
import { CSV_BOM, csvLines } from "@/lib/domain/csv-export";
import { broadsheetRows } from "@/lib/server/results/broadsheet-csv";
import { getClassResults } from "@/lib/server/results/get-class-results";

/** A class's broadsheet for a term as CSV, for whoever may read it on the page. */
export async function GET(request: Request) {
  return handleRoute(request, async ({ db, actor }) => {
    const params = new URL(request.url).searchParams;
    const results = await getClassResults(db, actor, { classId: params.get("class") ?? "", termId: params.get("term") ?? "" });
    return new Response(CSV_BOM + csvLines(broadsheetRows(results)), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="broadsheet.csv"`,
        "cache-control": "no-store",
      },
    });
  });
}
