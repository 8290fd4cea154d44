"use client";

// Running the promotion: a confirmation step that says what will happen, then the run itself. A
// refusal lists everything in the way; success and "already promoted" are reported by the caller,
// because the page changes around this panel once the run is recorded.
import { useEffect, useId, useRef, useState, useTransition } from "react";
import { executePromotionAction } from "@/app/(admin)/admin/promotions/actions";
import { FormAlert } from "@/components/forms/form-alert";
import type { PromotionOutcome, PromotionRules } from "@/lib/domain/promotion";
import type { ClassMap, PromotionPlan } from "@/lib/domain/promotion-plan";
import { outcomeLabels, outcomeOrder } from "./labels";

export type RunOutcome =
  | { status: "executed"; counts: Record<PromotionOutcome, number>; emailsQueued: number }
  | { status: "already_run"; message: string };

export function RunPanel({
  classLevelId,
  levelName,
  toYearName,
  plan,
  rules,
  rulesError,
  classMap,
  onOutcome,
}: {
  classLevelId: string;
  levelName: string;
  toYearName: string | null;
  plan: PromotionPlan;
  rules: PromotionRules | null;
  rulesError: string;
  classMap: ClassMap;
  onOutcome: (outcome: RunOutcome) => void;
}) {
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const [allowOverCapacity, setAllowOverCapacity] = useState(false);
  const [refusal, setRefusal] = useState<{ error: string; problems: string[]; capacity?: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const heading = useRef<HTMLHeadingElement>(null);
  const opener = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (confirming) heading.current?.focus();
  }, [confirming]);

  const run = () => {
    if (!rules) {
      setRefusal({ error: rulesError, problems: [] });
      return;
    }
    startTransition(async () => {
      const result = await executePromotionAction({ classLevelId, rules, classMap, allowOverCapacity });
      if (result.ok) {
        setRefusal(null);
        onOutcome(
          result.data.status === "executed"
            ? { status: "executed", counts: result.data.counts, emailsQueued: result.data.emailsQueued }
            : { status: "already_run", message: result.data.message },
        );
        return;
      }
      setRefusal({ error: result.error, problems: result.fieldErrors.problems ?? [], capacity: result.fieldErrors.allowOverCapacity?.[0] });
    });
  };

  const overCapacity = plan.capacity.length > 0 || refusal?.capacity !== undefined;
  const moving = outcomeOrder.filter((outcome) => plan.counts[outcome] > 0);

  return (
    <div className="mt-3 space-y-3">
      {!confirming ? (
        <button
          ref={opener}
          type="button"
          className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800"
          onClick={() => {
            setRefusal(null);
            setConfirming(true);
          }}
        >
          Run the promotion…
        </button>
      ) : (
        <section aria-labelledby={`${id}-heading`} className="max-w-2xl space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4">
          <h3 id={`${id}-heading`} ref={heading} tabIndex={-1} className="font-semibold">
            Run {levelName}&apos;s promotion{toYearName ? ` into ${toYearName}` : ""}?
          </h3>
          <p className="text-sm">
            Each student moves as decided below, this year&apos;s classes are closed, leavers are marked, and every parent with an email
            address is told. It can be undone until next year&apos;s scores are entered.
          </p>
          <ul aria-label="What the run will do" className="list-disc space-y-1 pl-6 text-sm">
            {moving.map((outcome) => (
              <li key={outcome}>
                {outcomeLabels[outcome]}: {plan.counts[outcome]}
              </li>
            ))}
          </ul>
          {plan.awaitingReview > 0 ? (
            <p className="text-sm text-red-900">
              {plan.awaitingReview === 1 ? "1 student is" : `${plan.awaitingReview} students are`} still marked review: decide for them first, or the
              run will be refused.
            </p>
          ) : null}
          {plan.withoutClass > 0 ? (
            <p className="text-sm text-red-900">
              {plan.withoutClass === 1 ? "1 student has" : `${plan.withoutClass} students have`} no class to go to next year: choose one in the class map.
            </p>
          ) : null}
          {overCapacity ? (
            <div>
              <label className="flex items-center gap-2 text-sm font-medium">
                <input
                  type="checkbox"
                  className="h-4 w-4"
                  checked={allowOverCapacity}
                  onChange={(event) => setAllowOverCapacity(event.target.checked)}
                  aria-describedby={refusal?.capacity ? `${id}-capacity-error` : undefined}
                  aria-invalid={refusal?.capacity && !allowOverCapacity ? true : undefined}
                />
                Fill classes beyond their capacity
              </label>
              {refusal?.capacity ? (
                <p id={`${id}-capacity-error`} className="mt-1 text-sm text-red-800">
                  {refusal.capacity}
                </p>
              ) : null}
            </div>
          ) : null}
          {refusal ? (
            <>
              <FormAlert error={refusal.error} />
              {refusal.problems.length > 0 ? (
                <ul aria-label="What needs attention" className="list-disc space-y-1 pl-6 text-sm text-red-900">
                  {refusal.problems.map((problem) => (
                    <li key={problem}>{problem}</li>
                  ))}
                </ul>
              ) : null}
            </>
          ) : null}
          <div className="flex flex-wrap gap-3">
            <button type="button" disabled={pending} onClick={run} className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60">
              {pending ? "Running…" : "Yes, run the promotion"}
            </button>
            <button
              type="button"
              disabled={pending}
              className="rounded border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100"
              onClick={() => {
                setConfirming(false);
                setRefusal(null);
                // The opener comes back on the next render; focus returns to it there.
                requestAnimationFrame(() => opener.current?.focus());
              }}
            >
              Cancel
            </button>
          </div>
        </section>
      )}
    </div>
  );
}
