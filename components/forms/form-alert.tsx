// The message at the top of a form: an error (announced at once) or a success notice.
export function FormAlert({ error, success }: { error?: string; success?: string | null }) {
  if (error) {
    return (
      <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
        {error}
      </p>
    );
  }
  return (
    <p role="status" className={success ? "rounded border border-green-300 bg-green-50 p-3 text-sm text-green-900" : "sr-only"}>
      {success ?? ""}
    </p>
  );
}

export function SubmitButton({ pending, children, pendingText }: { pending: boolean; children: React.ReactNode; pendingText: string }) {
  return (
    <button
      type="submit"
      disabled={pending}
      className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60"
    >
      {pending ? pendingText : children}
    </button>
  );
}
