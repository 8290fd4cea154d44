// Puts a failed save's errors where the settings forms show them: a row's own field, the list as a
// whole (root.<list>), or a handler of the form's own (the in-use confirmation); the rest at the top.
import type { FieldPath, FieldValues, UseFormSetError } from "react-hook-form";
import type { ActionResult } from "@/lib/errors";

export function placeServerErrors<T extends FieldValues>(
  result: Extract<ActionResult<unknown>, { ok: false }>,
  setError: UseFormSetError<T>,
  placement: {
    /** Keys that name an input, like "name" or "components.2.weight". */
    fields: RegExp;
    /** Keys about a group of inputs ("components", "scope"), shown under the group. */
    groups?: readonly string[];
    handlers?: Record<string, (message: string) => void>;
  },
): void {
  let placed = false;
  let focus = true;
  for (const [key, messages] of Object.entries(result.fieldErrors)) {
    const message = messages[0];
    if (!message) continue;
    const handler = placement.handlers?.[key];
    if (handler) {
      handler(message);
    } else if (placement.groups?.includes(key)) {
      setError(`root.${key}`, { message });
    } else if (placement.fields.test(key)) {
      setError(key as FieldPath<T>, { message }, { shouldFocus: focus });
      focus = false;
    } else {
      continue;
    }
    placed = true;
  }
  if (!placed) setError("root", { message: result.error });
}
