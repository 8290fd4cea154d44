"use client";

// Where each of this year's classes goes next year: by default to the class with the same arm
// (JSS 1 A → JSS 2 A), or to a class the administrator chooses, for promoted students and repeaters.
import { type ClassMap } from "@/lib/domain/promotion-plan";
import { defaultTargetClass } from "@/lib/domain/promotion";
import type { NextYearClass } from "@/lib/server/promotions/promotion-context";

export type CurrentClass = { id: string; name: string; arm: string };

export function ClassMapEditor({
  currentClasses,
  nextYearClasses,
  level,
  toYearName,
  classMap,
  onChange,
}: {
  currentClasses: readonly CurrentClass[];
  nextYearClasses: readonly NextYearClass[];
  level: { id: string; name: string; nextLevelId: string | null; nextLevelName: string | null; isFinal: boolean };
  toYearName: string;
  classMap: ClassMap;
  onChange: (next: ClassMap) => void;
}) {
  const promoteLevelId = level.isFinal ? null : level.nextLevelId;
  const promoteClasses = nextYearClasses.filter((c) => c.classLevelId === promoteLevelId);
  const repeatClasses = nextYearClasses.filter((c) => c.classLevelId === level.id);
  const nameOf = new Map(nextYearClasses.map((c) => [c.id, c.name]));

  const choose = (classId: string, outcome: "promote" | "repeat", target: string) => {
    const { [outcome]: _dropped, ...rest } = classMap[classId] ?? {};
    const entry = target ? { ...rest, [outcome]: target } : rest;
    const next = { ...classMap };
    if (Object.keys(entry).length > 0) next[classId] = entry;
    else delete next[classId];
    onChange(next);
  };

  const select = (from: CurrentClass, outcome: "promote" | "repeat", options: readonly NextYearClass[], levelId: string) => {
    const fallback = defaultTargetClass(from.arm, nextYearClasses, levelId);
    const who = outcome === "promote" ? "promoted students" : "repeaters";
    return (
      <select
        aria-label={`Where ${from.name}'s ${who} go`}
        value={classMap[from.id]?.[outcome] ?? ""}
        onChange={(event) => choose(from.id, outcome, event.target.value)}
        className="w-full min-w-40 rounded border border-slate-400 bg-white px-2 py-1.5"
      >
        <option value="">{fallback ? `Same arm: ${nameOf.get(fallback)}` : `Choose a class (no arm ${from.arm} in ${toYearName})`}</option>
        {options.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name} ({c.enrolled} of {c.capacity} places taken)
          </option>
        ))}
      </select>
    );
  };

  return (
    <div className="mt-3 space-y-2">
      {promoteLevelId && promoteClasses.length === 0 ? (
        <p className="text-sm text-amber-900">
          {level.nextLevelName ?? "The next level"} has no classes in {toYearName} yet: add them in School structure → Classes.
        </p>
      ) : null}
      {repeatClasses.length === 0 ? (
        <p className="text-sm text-amber-900">
          {level.name} has no classes in {toYearName} yet, so repeaters have nowhere to go: add them in School structure → Classes.
        </p>
      ) : null}
      <div className="overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
          <caption className="sr-only">Where each class goes in {toYearName}</caption>
          <thead className="bg-slate-100 text-left">
            <tr>
              <th scope="col" className="px-3 py-2">This year&apos;s class</th>
              <th scope="col" className="px-3 py-2">{level.isFinal ? "Students who pass" : "Promoted students go to"}</th>
              <th scope="col" className="px-3 py-2">Repeaters go to</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {currentClasses.map((from) => (
              <tr key={from.id}>
                <th scope="row" className="px-3 py-2 text-left font-medium">{from.name}</th>
                <td className="px-3 py-2">{promoteLevelId ? select(from, "promote", promoteClasses, promoteLevelId) : "Graduate and leave the school"}</td>
                <td className="px-3 py-2">{select(from, "repeat", repeatClasses, level.id)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
