"use client";

// A server-paged table on TanStack Table v9. The server sorts, filters and pages; this component
// keeps that state in the URL's search params (so links are shareable and Back works), and owns
// only what is local: which rows are ticked. Hidden columns are remembered in the URL too.
import {
  type ColumnDef,
  columnVisibilityFeature,
  createColumnHelper,
  functionalUpdate,
  metaHelper,
  type ReactTable,
  type Row,
  type RowData,
  rowSelectionFeature,
  rowSortingFeature,
  type SortingState,
  tableFeatures,
  type Updater,
  useTable,
  type ColumnVisibilityState,
} from "@tanstack/react-table";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { type ReactNode, useEffect, useId, useMemo, useRef, useTransition } from "react";

export type DataTableColumnMeta = {
  /** The column's name in the column chooser (defaults to its id). */
  label?: string;
  /** The cell that names the row: rendered as <th scope="row">. */
  rowHeader?: boolean;
  /** Classes for the column's header and cells (alignment, width). */
  className?: string;
  /** Classes for the cells only (a monospaced number, say). */
  cellClassName?: string;
};

export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  rowSelectionFeature,
  columnVisibilityFeature,
  columnMeta: metaHelper<DataTableColumnMeta>(),
});
export type DataTableFeatures = typeof dataTableFeatures;

/** Column definitions typed for DataTable: `const helper = dataTableColumnHelper<Row>()`. */
export function dataTableColumnHelper<TData extends RowData>() {
  return createColumnHelper<DataTableFeatures, TData>();
}

export type DataTableFilter = {
  /** The search param it is kept in. */
  param: string;
  label: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  /** The option that means "no filter" (value ""); leave out when a choice is always made. */
  anyLabel?: string;
  /** The server's default when the param is absent. */
  defaultValue?: string;
};

export type DataTableParams = { page: string; pageSize: string; sort: string; direction: string; search: string; hidden: string };
const defaultParams: DataTableParams = { page: "page", pageSize: "size", sort: "sort", direction: "dir", search: "q", hidden: "hide" };

type DataTableProps<TData extends { id: string }> = {
  /** Describes the table for screen readers (a visually hidden caption). */
  caption: string;
  columns: Array<ColumnDef<DataTableFeatures, TData, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any -- each column keeps its own value type
  data: TData[];
  total: number;
  page: number;
  pageSize: number;
  pageSizes?: number[];
  /** The sort the server applied (column id = the server's sort name). */
  sort: { column: string; direction: "asc" | "desc" };
  defaultSort: { column: string; direction: "asc" | "desc" };
  params?: Partial<DataTableParams>;
  search?: { label: string; placeholder?: string };
  filters?: DataTableFilter[];
  /** Tick boxes per row and a bulk-action bar for what is ticked. */
  renderBulkActions?: (selected: TData[], clearSelection: () => void) => ReactNode;
  /** What a row is called, for counts: ["student", "students"]. */
  noun: [singular: string, plural: string];
  emptyMessage: string;
  /** Extra controls at the end of the toolbar (an export link, a "new" button). */
  toolbarEnd?: ReactNode;
};

const focusRing = "focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700";

export function DataTable<TData extends { id: string }>(props: DataTableProps<TData>) {
  const { columns, data, total, page, pageSize, sort, defaultSort, noun } = props;
  const names = { ...defaultParams, ...props.params };
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [navigating, startNavigation] = useTransition();
  const selectable = Boolean(props.renderBulkActions);

  /** The current URL with some params changed ("" or null removes one); filters and sorts go back to page 1. */
  const hrefWith = (changes: Record<string, string | null>, options: { keepPage?: boolean } = {}) => {
    const next = new URLSearchParams(searchParams.toString());
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === "") next.delete(key);
      else next.set(key, value);
    }
    if (!options.keepPage) next.delete(names.page);
    const query = next.toString();
    return query ? `${pathname}?${query}` : pathname;
  };
  const navigate = (href: string, mode: "push" | "replace" = "push") =>
    startNavigation(() => (mode === "push" ? router.push(href, { scroll: false }) : router.replace(href, { scroll: false })));

  const sorting: SortingState = useMemo(() => [{ id: sort.column, desc: sort.direction === "desc" }], [sort.column, sort.direction]);
  const hiddenParam = searchParams.get(props.params?.hidden ?? defaultParams.hidden) ?? "";
  const columnVisibility: ColumnVisibilityState = useMemo(() => hiddenColumns(hiddenParam), [hiddenParam]);

  const table = useTable({
    features: dataTableFeatures,
    columns,
    data,
    getRowId: (row) => row.id,
    manualSorting: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    enableRowSelection: selectable,
    state: { sorting, columnVisibility },
    onSortingChange: (updater: Updater<SortingState>) => {
      const [next] = functionalUpdate(updater, sorting);
      if (!next) return;
      const direction = next.desc ? "desc" : "asc";
      const isDefault = next.id === defaultSort.column && direction === defaultSort.direction;
      navigate(hrefWith({ [names.sort]: isDefault ? null : next.id, [names.direction]: isDefault || direction === "asc" ? null : direction }));
    },
    onColumnVisibilityChange: (updater: Updater<ColumnVisibilityState>) => {
      const next = functionalUpdate(updater, columnVisibility);
      const hidden = Object.entries(next)
        .filter(([, visible]) => visible === false)
        .map(([id]) => id);
      // Hiding a column is a preference, not a place to go back to: the history entry is replaced.
      navigate(hrefWith({ [names.hidden]: hidden.join(",") }, { keepPage: true }), "replace");
    },
  });

  const selectedRows = table.getSelectedRowModel().rows.map((row) => row.original);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : Math.min((page - 1) * pageSize + 1, total);
  const last = Math.min(page * pageSize, total);
  const countWord = (n: number) => `${n} ${n === 1 ? noun[0] : noun[1]}`;
  const pageHref = (target: number) => hrefWith({ [names.page]: target > 1 ? String(target) : null }, { keepPage: true });

  return (
    <div className="mt-4 space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        {props.search || props.filters?.length ? (
          <FilterForm
            // Re-created when the URL changes (Back, a link): the fields show what the list shows.
            key={searchParams.toString()}
            search={props.search ? { ...props.search, param: names.search, value: searchParams.get(names.search) ?? "" } : undefined}
            filters={(props.filters ?? []).map((filter) => ({ ...filter, value: searchParams.get(filter.param) ?? filter.defaultValue ?? "" }))}
            onApply={(values) => navigate(hrefWith(values))}
          />
        ) : null}
        <ColumnChooser table={table} />
        {props.toolbarEnd}
      </div>

      <p className="text-sm text-slate-700" aria-live="polite">
        {navigating ? "Loading…" : total === 0 ? props.emptyMessage : `${first}–${last} of ${countWord(total)}`}
      </p>

      {selectable && selectedRows.length > 0 ? (
        <section aria-label={`Actions for the selected ${noun[1]}`} className="rounded-lg border border-blue-200 bg-blue-50 p-3">
          <div className="flex flex-wrap items-center gap-3">
            <p className="font-medium" aria-live="polite">
              {countWord(selectedRows.length)} selected
            </p>
            <button type="button" onClick={() => table.resetRowSelection(true)} className={`text-sm text-blue-800 underline ${focusRing}`}>
              Clear selection
            </button>
          </div>
          {props.renderBulkActions!(selectedRows, () => table.resetRowSelection(true))}
        </section>
      ) : null}

      <div className="overflow-x-auto rounded-lg border border-slate-200">
        <table className="min-w-full divide-y divide-slate-200 bg-white text-sm" aria-busy={navigating || undefined}>
          <caption className="sr-only">
            {props.caption}, page {Math.min(page, pages)} of {pages}
          </caption>
          <thead className="bg-slate-100 text-left">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {selectable ? (
                  <th scope="col" className="w-10 px-3 py-2">
                    <Checkbox
                      label={`Select all ${noun[1]} on this page`}
                      checked={table.getIsAllPageRowsSelected()}
                      indeterminate={table.getIsSomePageRowsSelected()}
                      disabled={data.length === 0}
                      onChange={table.getToggleAllPageRowsSelectedHandler()}
                    />
                  </th>
                ) : null}
                {group.headers.map((header) => {
                  const meta = header.column.columnDef.meta;
                  const sorted = header.column.getIsSorted();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      className={`px-3 py-2 font-semibold ${meta?.className ?? ""}`}
                      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                    >
                      {header.isPlaceholder ? null : header.column.getCanSort() ? (
                        <button
                          type="button"
                          onClick={header.column.getToggleSortingHandler()}
                          className={`inline-flex items-center gap-1 rounded font-semibold hover:underline ${focusRing}`}
                        >
                          <table.FlexRender header={header} />
                          <span aria-hidden="true">{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}</span>
                          <span className="sr-only">
                            {sorted ? `, sorted ${sorted === "asc" ? "ascending" : "descending"}; ` : ", "}
                            sort {sorted === "asc" ? "descending" : "ascending"}
                          </span>
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-slate-100">
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} className={row.getIsSelected() ? "bg-blue-50" : undefined}>
                {selectable ? (
                  <td className="px-3 py-2">
                    <RowCheckbox row={row} label={`Select ${rowLabel(row)}`} />
                  </td>
                ) : null}
                {row.getVisibleCells().map((cell) => {
                  const meta = cell.column.columnDef.meta;
                  return meta?.rowHeader ? (
                    <th key={cell.id} scope="row" className={`px-3 py-2 text-left font-medium ${meta.className ?? ""} ${meta.cellClassName ?? ""}`}>
                      <table.FlexRender cell={cell} />
                    </th>
                  ) : (
                    <td key={cell.id} className={`px-3 py-2 ${meta?.className ?? ""} ${meta?.cellClassName ?? ""}`}>
                      <table.FlexRender cell={cell} />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <nav aria-label="Pages" className="flex flex-wrap items-center gap-4 text-sm">
        {page > 1 ? (
          <Link className={`text-blue-700 underline ${focusRing}`} href={pageHref(Math.min(page - 1, pages))} scroll={false}>
            Previous page
          </Link>
        ) : null}
        <span>
          Page {Math.min(page, pages)} of {pages}
        </span>
        {page < pages ? (
          <Link className={`text-blue-700 underline ${focusRing}`} href={pageHref(page + 1)} scroll={false}>
            Next page
          </Link>
        ) : null}
        <PageSizeSelect
          sizes={props.pageSizes ?? [25, 50, 100]}
          value={pageSize}
          onChange={(size) => navigate(hrefWith({ [names.pageSize]: size === (props.pageSizes ?? [25])[0] ? null : String(size) }))}
        />
      </nav>
    </div>
  );
}

/** "gender,admittedOn" → { gender: false, admittedOn: false }: only an explicit false hides a column. */
function hiddenColumns(param: string): ColumnVisibilityState {
  return Object.fromEntries(
    param
      .split(",")
      .filter(Boolean)
      .map((id) => [id, false]),
  );
}

/** The row's name for its tick box: the row-header column's value. */
function rowLabel<TData extends RowData>(row: Row<DataTableFeatures, TData>): string {
  const header = row.getAllCells().find((cell) => cell.column.columnDef.meta?.rowHeader);
  const value = header?.getValue();
  return typeof value === "string" ? value : "this row";
}

function RowCheckbox<TData extends RowData>({ row, label }: { row: Row<DataTableFeatures, TData>; label: string }) {
  // The row's own handler: it keeps the Shift-click range anchor, from the click's modifier keys.
  return <Checkbox label={label} checked={row.getIsSelected()} disabled={!row.getCanSelect()} onChange={row.getToggleSelectedHandler()} />;
}

function Checkbox({
  label,
  checked,
  indeterminate = false,
  disabled,
  onChange,
}: {
  label: string;
  checked: boolean;
  indeterminate?: boolean;
  disabled?: boolean;
  onChange: (event: unknown) => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate && !checked;
  }, [indeterminate, checked]);
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label={label}
      checked={checked}
      disabled={disabled}
      onChange={onChange}
      className={`h-4 w-4 rounded border-slate-400 ${focusRing}`}
    />
  );
}

/**
 * The search box and the filters, applied together with one button: choosing from a list with the
 * arrow keys must not reload the page at every step.
 */
function FilterForm({
  search,
  filters,
  onApply,
}: {
  search?: { label: string; placeholder?: string; param: string; value: string };
  filters: Array<DataTableFilter & { value: string }>;
  onApply: (values: Record<string, string | null>) => void;
}) {
  const id = useId();
  return (
    <form
      role="search"
      className="flex flex-wrap items-end gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const values: Record<string, string | null> = {};
        if (search) values[search.param] = String(form.get(search.param) ?? "").trim() || null;
        for (const filter of filters) {
          const value = String(form.get(filter.param) ?? "");
          values[filter.param] = value === (filter.defaultValue ?? "") ? null : value;
        }
        onApply(values);
      }}
    >
      {search ? (
        <div className="min-w-0 basis-64">
          <label htmlFor={`${id}-search`} className="block text-sm font-medium text-slate-800">
            {search.label}
          </label>
          <input
            id={`${id}-search`}
            name={search.param}
            type="search"
            defaultValue={search.value}
            placeholder={search.placeholder}
            className={`mt-1 w-full min-w-0 rounded border border-slate-400 bg-white px-3 py-2 ${focusRing}`}
          />
        </div>
      ) : null}
      {filters.map((filter) => (
        <div key={filter.param}>
          <label htmlFor={`${id}-${filter.param}`} className="block text-sm font-medium text-slate-800">
            {filter.label}
          </label>
          <select
            id={`${id}-${filter.param}`}
            name={filter.param}
            defaultValue={filter.value}
            className={`mt-1 rounded border border-slate-400 bg-white px-2 py-2 ${focusRing}`}
          >
            {filter.anyLabel !== undefined ? <option value="">{filter.anyLabel}</option> : null}
            {filter.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
      ))}
      <button type="submit" className={`rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 ${focusRing}`}>
        {search ? "Search" : "Apply"}
      </button>
    </form>
  );
}

function PageSizeSelect({ sizes, value, onChange }: { sizes: number[]; value: number; onChange: (size: number) => void }) {
  const id = useId();
  return (
    <span className="flex items-center gap-2">
      <label htmlFor={id}>Rows per page</label>
      <select key={value} id={id} defaultValue={value} onChange={(event) => onChange(Number(event.target.value))} className={`rounded border border-slate-400 bg-white px-2 py-1 ${focusRing}`}>
        {sizes.map((size) => (
          <option key={size} value={size}>
            {size}
          </option>
        ))}
      </select>
    </span>
  );
}

function ColumnChooser<TData extends RowData, TSelected>({ table }: { table: ReactTable<DataTableFeatures, TData, TSelected> }) {
  const hideable = table.getAllLeafColumns().filter((column) => column.getCanHide());
  if (hideable.length === 0) return null;
  return (
    <details className="relative">
      <summary className={`cursor-pointer list-none rounded border border-slate-300 bg-white px-3 py-2 font-medium hover:bg-slate-100 ${focusRing}`}>Columns</summary>
      <fieldset className="absolute right-0 z-10 mt-1 w-56 space-y-2 rounded-lg border border-slate-200 bg-white p-3 shadow-lg">
        <legend className="sr-only">Columns to show</legend>
        {hideable.map((column) => (
          <label key={column.id} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={column.getIsVisible()}
              onChange={column.getToggleVisibilityHandler()}
              className={`h-4 w-4 ${focusRing}`}
            />
            {column.columnDef.meta?.label ?? column.id}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
