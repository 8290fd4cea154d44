"use client";

// The student list: the shared data table with the student columns, filters and bulk actions.
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { genderLabels, statusLabels } from "@/components/students/labels";
import { DataTable, dataTableColumnHelper, type DataTableFilter } from "@/components/ui/data-table";
import type { ClassOption } from "@/lib/server/students/get-student-form-options";
import type { StudentListRow } from "@/lib/server/students/list-students";
import { studentListParamNames } from "@/lib/validation/students";
import { BulkActions } from "./bulk-actions";

const helper = dataTableColumnHelper<StudentListRow>();
const columns = helper.columns([
  helper.accessor("name", {
    header: "Name",
    enableHiding: false,
    meta: { rowHeader: true, label: "Name" },
    cell: (info) => (
      <Link className="text-blue-700 underline focus-visible:outline-2 focus-visible:outline-blue-700" href={`/students/${info.row.original.id}`}>
        {info.getValue()}
      </Link>
    ),
  }),
  helper.accessor("admissionNumber", { header: "Admission number", meta: { label: "Admission number", className: "whitespace-nowrap", cellClassName: "font-mono" } }),
  helper.accessor("className", { id: "class", header: "Class", meta: { label: "Class", className: "whitespace-nowrap" }, cell: (info) => info.getValue() ?? "—" }),
  helper.accessor("status", { header: "Status", meta: { label: "Status" }, cell: (info) => statusLabels[info.getValue()] ?? info.getValue() }),
  helper.accessor("gender", {
    header: "Gender",
    enableSorting: false,
    meta: { label: "Gender" },
    cell: (info) => (info.getValue() ? (genderLabels[info.getValue()!] ?? info.getValue()) : "—"),
  }),
]);

const statusFilter: DataTableFilter = {
  param: studentListParamNames.status,
  label: "Status",
  defaultValue: "active",
  options: [
    { value: "active", label: "At school now" },
    { value: "archived", label: "Archived (left the school)" },
    { value: "graduated", label: "Graduated" },
    { value: "withdrawn", label: "Withdrawn" },
    { value: "transferred", label: "Transferred" },
    { value: "all", label: "Everyone" },
  ],
};
const genderFilter: DataTableFilter = {
  param: studentListParamNames.gender,
  label: "Gender",
  anyLabel: "Any",
  options: Object.entries(genderLabels).map(([value, label]) => ({ value, label })),
};

export function StudentsTable({
  rows,
  total,
  page,
  pageSize,
  sort,
  direction,
  classes,
  levels,
  canManage,
}: {
  rows: StudentListRow[];
  total: number;
  page: number;
  pageSize: number;
  sort: string;
  direction: "asc" | "desc";
  classes: ClassOption[];
  levels: Array<{ id: string; name: string }>;
  canManage: boolean;
}) {
  const searchParams = useSearchParams();
  const [notice, setNotice] = useState<string | null>(null);
  const filters: DataTableFilter[] = [
    statusFilter,
    { param: studentListParamNames.classId, label: "Class", anyLabel: "All classes", options: classes.map((c) => ({ value: c.id, label: c.name })) },
    { param: studentListParamNames.levelId, label: "Level", anyLabel: "All levels", options: levels.map((l) => ({ value: l.id, label: l.name })) },
    genderFilter,
  ];
  // The export takes the same filters and sort, and every page.
  const exportParams = new URLSearchParams(searchParams.toString());
  for (const name of [studentListParamNames.page, studentListParamNames.pageSize, "hide"]) exportParams.delete(name);
  const exportQuery = exportParams.toString();

  return (
    <>
      {notice ? <FormAlert success={notice} /> : null}
      <DataTable
        caption="Students"
        noun={["student", "students"]}
        columns={columns}
        data={rows}
        total={total}
        page={page}
        pageSize={pageSize}
        sort={{ column: sort, direction }}
        defaultSort={{ column: "name", direction: "asc" }}
        params={{
          page: studentListParamNames.page,
          pageSize: studentListParamNames.pageSize,
          sort: studentListParamNames.sort,
          direction: studentListParamNames.direction,
          search: studentListParamNames.search,
        }}
        search={{ label: "Name or admission number", placeholder: "e.g. Okafor or GFA/2026/0001" }}
        filters={filters}
        emptyMessage="No students match. Try another search, or choose “Everyone” to include those who have left."
        toolbarEnd={
          <a
            href={`/api/students/export${exportQuery ? `?${exportQuery}` : ""}`}
            className="rounded border border-slate-300 bg-white px-3 py-2 font-medium hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-700"
            download
          >
            Download CSV
          </a>
        }
        renderBulkActions={
          canManage
            ? (selected, clearSelection) => (
                <BulkActions
                  key={selected.map((s) => s.id).join(",")}
                  selected={selected}
                  classes={classes}
                  onDone={(message) => {
                    setNotice(message);
                    clearSelection();
                  }}
                />
              )
            : undefined
        }
      />
    </>
  );
}
