import { ApiTokenManager } from "@/components/api-tokens/api-token-manager";
import { apiScopeCatalogue, usableApiScopes } from "@/lib/api/scopes";
import { getDb } from "@/lib/db";
import { roleDefinitions } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getMyAccount } from "@/lib/server/accounts/get-my-account";
import { listMyApiTokens } from "@/lib/server/api-tokens/list-my-api-tokens";
import { listMySessions } from "@/lib/server/auth/sessions";
import { ChangePasswordForm } from "./change-password-form";
import { ResendVerificationButton, SessionList } from "./session-controls";

export const metadata = { title: "Your account" };

export default async function AccountPage() {
  const actor = await requirePageActor();
  const db = await getDb();
  const sessions = await listMySessions(db, actor);
  const me = await getMyAccount(db, actor);
  const apiTokens = await listMyApiTokens(db, actor);
  return (
    <>
      <h1 className="text-2xl font-semibold">Your account</h1>
      <dl className="mt-4 grid max-w-xl grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">Name</dt>
        <dd>{actor.name}</dd>
        <dt className="font-medium">Email</dt>
        <dd>
          {actor.email} {me.emailVerified ? <span className="text-green-800">(confirmed)</span> : <span className="text-amber-800">(not confirmed yet)</span>}
        </dd>
        <dt className="font-medium">Roles</dt>
        <dd>{actor.roles.map((role) => roleDefinitions[role].name).join(", ") || "None"}</dd>
      </dl>
      {me.emailVerified ? null : <ResendVerificationButton />}
      <div className="mt-8 grid gap-8 lg:grid-cols-2">
        <section aria-labelledby="sessions-heading">
          <h2 id="sessions-heading" className="text-lg font-semibold">Where you’re signed in</h2>
          <SessionList sessions={sessions} />
        </section>
        <section aria-labelledby="password-heading">
          <h2 id="password-heading" className="text-lg font-semibold">Change your password</h2>
          <ChangePasswordForm personal={[actor.name, actor.email]} />
        </section>
      </div>
      <section aria-labelledby="api-tokens-heading" className="mt-8 max-w-3xl">
        <h2 id="api-tokens-heading" className="text-lg font-semibold">API tokens</h2>
        <p className="mt-1 text-sm text-slate-700">
          A token lets a program use the <a href="/api/v1" className="text-blue-800 underline">AMS API</a> as you, with only the scopes you choose.
        </p>
        <ApiTokenManager tokens={apiTokens} scopes={usableApiScopes(actor).map((scope) => ({ scope, description: apiScopeCatalogue[scope].description }))} />
      </section>
    </>
  );
}
