"use client";

import { useState, useTransition } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { roleDefinitions } from "@/lib/auth/permissions";
import { type RoleKey, roleKeys } from "@/lib/db/schema/identity";
import { setUserRolesAction, setUserStatusAction } from "../actions";

function ReasonField({ id, value, onChange, error }: { id: string; value: string; onChange: (v: string) => void; error?: string }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">Reason (kept in the audit log)</label>
      <input
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className="mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 aria-[invalid]:border-red-700"
      />
      {error ? <p id={`${id}-error`} className="mt-1 text-sm text-red-800">{error}</p> : null}
    </div>
  );
}

export function RolesForm({ userId, roles }: { userId: string; roles: RoleKey[] }) {
  const [selected, setSelected] = useState<RoleKey[]>(roles);
  const [reason, setReason] = useState("");
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<{ error?: string; success?: string; fields?: Record<string, string[]> }>({});
  return (
    <form
      className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await setUserRolesAction({ userId, roles: selected, reason });
          setOutcome(result.ok ? { success: "Roles saved." } : { error: result.error, fields: result.fieldErrors });
        });
      }}
    >
      <FormAlert error={outcome.error} success={outcome.success} />
      <fieldset>
        <legend className="text-sm font-medium">Roles</legend>
        {roleKeys.map((role) => (
          <label key={role} className="mt-1 flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={selected.includes(role)}
              onChange={(e) => setSelected(e.target.checked ? [...selected, role] : selected.filter((r) => r !== role))}
            />
            {roleDefinitions[role].name}
          </label>
        ))}
        {outcome.fields?.roles ? <p className="mt-1 text-sm text-red-800">{outcome.fields.roles[0]}</p> : null}
      </fieldset>
      <ReasonField id="roles-reason" value={reason} onChange={setReason} error={outcome.fields?.reason?.[0]} />
      <button type="submit" disabled={pending} className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60">
        {pending ? "Saving…" : "Save roles"}
      </button>
    </form>
  );
}

export function StatusForm({ userId, active }: { userId: string; active: boolean }) {
  const [reason, setReason] = useState("");
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<{ error?: string; success?: string; fields?: Record<string, string[]> }>({});
  return (
    <form
      className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await setUserStatusAction({ userId, active: !active, reason });
          setOutcome(result.ok ? { success: active ? "Account deactivated." : "Account reactivated." } : { error: result.error, fields: result.fieldErrors });
        });
      }}
    >
      <FormAlert error={outcome.error} success={outcome.success} />
      <ReasonField id="status-reason" value={reason} onChange={setReason} error={outcome.fields?.reason?.[0]} />
      <button type="submit" disabled={pending} className={`rounded px-4 py-2 font-medium text-white disabled:opacity-60 ${active ? "bg-red-700 hover:bg-red-800" : "bg-blue-700 hover:bg-blue-800"}`}>
        {pending ? "Saving…" : active ? "Deactivate account" : "Reactivate account"}
      </button>
    </form>
  );
}
