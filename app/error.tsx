"use client";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="mx-auto max-w-xl p-8">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-slate-700">
        The page could not be shown. Nothing you saved has been lost. Try again, and if it keeps happening, give the
        school&apos;s administrator this reference: <code className="font-mono">{error.digest ?? "unknown"}</code>.
      </p>
      <button type="button" onClick={reset} className="mt-4 rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800">
        Try again
      </button>
    </main>
  );
}
