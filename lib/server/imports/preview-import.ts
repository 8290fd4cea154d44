// The dry run: everything the apply would do, computed against the database, nothing written.
import "server-only";
import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import type { ImportRequest } from "@/lib/validation/imports";
import { planImport } from "./plan-import";
import { finishResult, type ImportCheck, readImportRequest } from "./shared";

export async function previewImport(db: Queryable, actor: Actor, input: ImportRequest): Promise<ImportCheck> {
  const read = readImportRequest(actor, input);
  const { output } = await planImport(db, read);
  const blocked = read.mode === "all_or_nothing" && output.rows.some((r) => r.outcome === "error");
  return { ...finishResult(read, output, { applied: false, blocked }), checkId: randomUUID() };
}
