// The frame of the signed-out pages: one narrow card, phone-first.
import Link from "next/link";

export function AuthCard({ title, intro, children }: { title: string; intro?: React.ReactNode; children: React.ReactNode }) {
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 py-8">
      <p className="mb-4">
        <Link href="/sign-in" className="text-lg font-semibold text-blue-800">
          AMS
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">{title}</h1>
      {intro ? <div className="mt-1 text-slate-700">{intro}</div> : null}
      {children}
    </main>
  );
}
