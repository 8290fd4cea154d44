// Puts a failed action's errors where they belong: each on its field, anything else at the top.
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { ActionResult } from "@/lib/errors";

export function applyServerErrors<T extends FieldValues>(
  result: Extract<ActionResult<unknown>, { ok: false }>,
  setError: UseFormSetError<T>,
  fields: ReadonlyArray<Path<T>>,
): void {
  let placed = false;
  for (const [field, messages] of Object.entries(result.fieldErrors)) {
    if ((fields as readonly string[]).includes(field) && messages[0]) {
      setError(field as Path<T>, { message: messages[0] }, { shouldFocus: !placed });
      placed = true;
    }
  }
  if (!placed) setError("root", { message: result.error });
}
