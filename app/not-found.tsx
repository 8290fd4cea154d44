import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-xl p-8">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-slate-700">That page does not exist, or it is not available to your account.</p>
      <Link href="/" className="mt-4 inline-block text-blue-700 underline">
        Go to your home page
      </Link>
    </main>
  );
}
