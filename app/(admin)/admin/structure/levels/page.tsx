import Link from "next/link";
import { InlineAction } from "@/components/structure/inline-action";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { listClassLevels } from "@/lib/server/school/class-levels";
import { deleteClassLevelAction } from "./actions";
import { LevelForm } from "./level-form";
import { LevelOrder } from "./level-order";

export const metadata = { title: "Class levels" };

export default async function ClassLevelsPage({ searchParams }: { searchParams: Promise<{ edit?: string }> }) {
  const actor = await requirePageActor("admin");
  const { edit } = await searchParams;
  const levels = await listClassLevels(await getDb(), actor);
  const editing = levels.find((level) => level.id === edit);
  const choices = levels.map((level) => ({ id: level.id, name: level.name }));
  return (
    <>
      <p className="text-sm">
        <Link href="/admin/structure" className="text-blue-800 underline">School structure</Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold">Class levels</h1>
      <p className="mt-1 max-w-2xl text-sm text-slate-700">
        Levels in school order. Each level names where its students are promoted to; the last one is the final level, from
        which students graduate.
      </p>
      <div className="mt-6 grid gap-8 lg:grid-cols-[2fr_1fr]">
        <div className="space-y-8">
          <div className="overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
              <caption className="sr-only">Class levels in school order</caption>
              <thead className="bg-slate-100 text-left">
                <tr>
                  <th scope="col" className="px-3 py-2">No.</th>
                  <th scope="col" className="px-3 py-2">Code</th>
                  <th scope="col" className="px-3 py-2">Level</th>
                  <th scope="col" className="px-3 py-2">Promoted to</th>
                  <th scope="col" className="px-3 py-2 text-right">Classes (all years)</th>
                  <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {levels.map((level) => (
                  <tr key={level.id} className={level.id === edit ? "bg-blue-50" : undefined}>
                    <td className="px-3 py-2 tabular-nums">{level.sequence}</td>
                    <td className="px-3 py-2 font-mono">{level.code}</td>
                    <th scope="row" className="px-3 py-2 text-left font-medium">{level.name}</th>
                    <td className="px-3 py-2">{level.isFinal ? "Graduates (final level)" : (level.nextLevelName ?? <span className="text-amber-800">Not set</span>)}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{level.classes}</td>
                    <td className="px-3 py-2">
                      <span className="flex flex-wrap items-center gap-2">
                        <Link href={`/admin/structure/levels?edit=${level.id}`} className="text-blue-800 underline">
                          Edit<span className="sr-only"> {level.name}</span>
                        </Link>
                        <InlineAction
                          action={deleteClassLevelAction.bind(null, { id: level.id })}
                          label="Delete"
                          pendingLabel="Deleting…"
                          confirm={`Delete ${level.name}?`}
                          tone="danger"
                        />
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <section aria-labelledby="order-heading">
            <h2 id="order-heading" className="text-lg font-semibold">Change the order</h2>
            <LevelOrder key={levels.map((level) => level.id).join()} levels={choices} />
          </section>
        </div>
        <section aria-labelledby="level-form-heading">
          <h2 id="level-form-heading" className="text-lg font-semibold">{editing ? `Edit ${editing.name}` : "Add a level"}</h2>
          <LevelForm key={editing?.id ?? "new"} level={editing ? { id: editing.id, code: editing.code, name: editing.name, nextLevelId: editing.nextLevelId, isFinal: editing.isFinal } : undefined} levels={choices} />
        </section>
      </div>
    </>
  );
}
