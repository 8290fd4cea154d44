"use client";

// Moving levels up and down, then saving the order (optionally relinking promotions to follow it).
import { useState, useTransition } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { reorderClassLevelsAction } from "./actions";

export function LevelOrder({ levels }: { levels: Array<{ id: string; name: string }> }) {
  const [order, setOrder] = useState(levels);
  const [relink, setRelink] = useState(false);
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<{ error?: string; success?: string }>({});
  const move = (index: number, by: -1 | 1) => {
    const next = [...order];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item!);
    setOrder(next);
    setOutcome({});
  };
  return (
    <form
      className="mt-3 space-y-3 rounded-lg border border-slate-200 bg-white p-4"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await reorderClassLevelsAction({ levelIds: order.map((level) => level.id), relink });
          setOutcome(result.ok ? { success: "The order is saved." } : { error: result.error });
        });
      }}
    >
      <FormAlert error={outcome.error} success={outcome.success} />
      <ol className="space-y-1">
        {order.map((level, index) => (
          <li key={level.id} className="flex items-center gap-2 text-sm">
            <span className="w-6 tabular-nums">{index + 1}.</span>
            <span className="flex-1 font-medium">{level.name}</span>
            <button
              type="button"
              disabled={index === 0}
              onClick={() => move(index, -1)}
              className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100 disabled:opacity-40"
            >
              Up<span className="sr-only">: move {level.name} earlier</span>
            </button>
            <button
              type="button"
              disabled={index === order.length - 1}
              onClick={() => move(index, 1)}
              className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100 disabled:opacity-40"
            >
              Down<span className="sr-only">: move {level.name} later</span>
            </button>
          </li>
        ))}
      </ol>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" className="mt-1 h-4 w-4" checked={relink} onChange={(event) => setRelink(event.target.checked)} />
        Also promote each level into the one after it, and make the last one the final (graduating) level
      </label>
      <button type="submit" disabled={pending} className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60">
        {pending ? "Saving…" : "Save order"}
      </button>
    </form>
  );
}
