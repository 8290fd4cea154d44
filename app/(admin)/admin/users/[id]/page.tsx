import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { roleDefinitions } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { getUser } from "@/lib/server/accounts/get-user";
import { RolesForm, StatusForm } from "./user-forms";

export const metadata = { title: "User" };

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor("admin");
  const user = await getUser(await getDb(), actor, (await params).id).catch((error: unknown) => {
    if (error instanceof NotFoundError || error instanceof ValidationError) notFound();
    throw error;
  });
  return (
    <>
      <p className="text-sm">
        <Link href="/admin/users" className="text-blue-800 underline">All users</Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold">{user.name}</h1>
      <dl className="mt-4 grid max-w-xl grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">Email</dt>
        <dd>{user.email} {user.emailVerified ? "(confirmed)" : "(not confirmed)"}</dd>
        <dt className="font-medium">Status</dt>
        <dd>{user.status}</dd>
        <dt className="font-medium">Roles</dt>
        <dd>{user.roles.map((r) => roleDefinitions[r].name).join(", ") || "None"}</dd>
        <dt className="font-medium">Last sign-in</dt>
        <dd>{user.lastSignInAt ? new Date(user.lastSignInAt).toLocaleString("en-GB") : "Never"}</dd>
        <dt className="font-medium">Signed in now</dt>
        <dd>{user.liveSessions} {user.liveSessions === 1 ? "session" : "sessions"}</dd>
      </dl>
      <div className="mt-8 grid gap-8 lg:grid-cols-2">
        <section aria-labelledby="roles-heading">
          <h2 id="roles-heading" className="text-lg font-semibold">Roles</h2>
          <p className="text-sm text-slate-700">Changing roles signs the user out everywhere, so the change applies at once.</p>
          <RolesForm userId={user.id} roles={user.roles} />
        </section>
        <section aria-labelledby="status-heading">
          <h2 id="status-heading" className="text-lg font-semibold">{user.status === "disabled" ? "Reactivate" : "Deactivate"}</h2>
          <p className="text-sm text-slate-700">
            {user.status === "disabled"
              ? "The user can sign in again."
              : "The user is signed out at once and cannot sign in. Their records and history are kept."}
          </p>
          <StatusForm userId={user.id} active={user.status !== "disabled"} />
        </section>
      </div>
    </>
  );
}
