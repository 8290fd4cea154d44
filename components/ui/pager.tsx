// Previous/next links for a server-paged list; the page lives in the URL so back and share work.
import Link from "next/link";

export function Pager({
  page,
  pages,
  href,
  labels = ["Previous page", "Next page"],
}: {
  page: number;
  pages: number;
  href: (page: number) => string;
  labels?: [previous: string, next: string];
}) {
  return (
    <nav aria-label="Pages" className="mt-4 flex gap-3">
      {page > 1 ? (
        // Past the end (a stale link), "previous" goes to the last page rather than into the void.
        <Link className="text-blue-700 underline" href={href(Math.min(page - 1, pages))}>
          {labels[0]}
        </Link>
      ) : null}
      {page < pages ? (
        <Link className="text-blue-700 underline" href={href(page + 1)}>
          {labels[1]}
        </Link>
      ) : null}
    </nav>
  );
}
