import { requirePageActor } from "@/lib/auth/session";
import { LinkWithCodeForm, RequestLinkForm } from "./link-forms";

export const metadata = { title: "Link to your child" };

export default async function LinkChildPage() {
  await requirePageActor("parent");
  return (
    <>
      <h1 className="text-2xl font-semibold">Link to your child</h1>
      <p className="mt-1 max-w-2xl text-slate-700">
        The school gives each family a one-time code for each child. Enter it here to see their results and report cards. No code?
        Ask the school to link you instead.
      </p>
      <div className="mt-6 grid gap-8 lg:grid-cols-2">
        <section aria-labelledby="code-heading">
          <h2 id="code-heading" className="text-lg font-semibold">I have a code</h2>
          <LinkWithCodeForm />
        </section>
        <section aria-labelledby="request-heading">
          <h2 id="request-heading" className="text-lg font-semibold">I don’t have a code</h2>
          <RequestLinkForm />
        </section>
      </div>
    </>
  );
}
