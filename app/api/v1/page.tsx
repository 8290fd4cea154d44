// GET /api/v1: the API's reference, rendered on the server from the OpenAPI document the
// openapi.json route serves. No script, font or stylesheet from elsewhere: it works offline and under
// the app's Content-Security-Policy like any other page.
import Link from "next/link";
import { API_BASE_PATH, buildOpenApiDocument, type OpenApiOperation } from "@/lib/api/openapi";
import { apiScopeCatalogue, apiScopes } from "@/lib/api/scopes";
import { appUrl } from "@/lib/server/auth/account-tokens";
import { limitsOf, SchemaView, schemaAnchor, TypeLabel } from "./schema-view";

export const metadata = { title: "API reference" };

const anchorOf = (operation: OpenApiOperation) => `operation-${operation.operationId}`;

/** A shell command that runs as shown once AMS_TOKEN holds a token. */
function curlFor(method: string, url: string, operation: OpenApiOperation): string {
  const lines = [`curl${method === "get" ? "" : ` -X ${method.toUpperCase()}`}`];
  if (operation.security.length > 0) lines.push(`  -H "Authorization: Bearer $AMS_TOKEN"`);
  const example = operation.requestBody?.content["application/json"].example;
  if (example !== undefined) {
    lines.push(`  -H "Content-Type: application/json"`);
    lines.push(`  --data '${JSON.stringify(example)}'`);
  }
  const query = new URLSearchParams();
  for (const parameter of operation.parameters ?? []) if (parameter.example !== undefined) query.set(parameter.name, parameter.example);
  lines.push(`  "${url}${query.size > 0 ? `?${query}` : ""}"`);
  return lines.join(" \\\n");
}

export default function ApiReferencePage() {
  const document = buildOpenApiDocument();
  const base = appUrl(API_BASE_PATH);
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation: operation! })),
  );
  return (
    <main id="main" className="mx-auto max-w-4xl px-4 py-8">
      <h1 className="text-2xl font-semibold">{document.info.title} reference</h1>
      <p className="mt-1 text-sm text-slate-700">
        OpenAPI {document.openapi} · version {document.info.version} · base URL <code>{base}</code> ·{" "}
        <a href={`${API_BASE_PATH}/openapi.json`} className="text-blue-800 underline">
          openapi.json
        </a>
      </p>
      <p className="mt-4">{document.info.description}</p>

      <section aria-labelledby="auth-heading" className="mt-8">
        <h2 id="auth-heading" className="text-xl font-semibold">
          Tokens and scopes
        </h2>
        <p className="mt-2">
          Make a personal API token on{" "}
          <Link href="/account" className="text-blue-800 underline">
            your account page
          </Link>{" "}
          and send it with every request: <code>Authorization: Bearer ams_…</code>. A token acts as you, with what your roles allow in
          AMS, and only for the scopes you gave it. Each token may make 600 requests a minute.
        </p>
        <div className="mt-3 overflow-x-auto" tabIndex={0} role="region" aria-label="Scopes">
          <table className="min-w-full border border-slate-200 bg-white text-sm">
            <caption className="sr-only">Scopes</caption>
            <thead className="bg-slate-100 text-left">
              <tr>
                <th scope="col" className="p-2">Scope</th>
                <th scope="col" className="p-2">Allows</th>
                <th scope="col" className="p-2">Who may hold it</th>
              </tr>
            </thead>
            <tbody>
              {apiScopes.map((scope) => (
                <tr key={scope} className="border-t border-slate-200">
                  <td className="p-2 font-mono">{scope}</td>
                  <td className="p-2">{apiScopeCatalogue[scope].description}</td>
                  <td className="p-2">{apiScopeCatalogue[scope].who}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <nav aria-labelledby="operations-heading" className="mt-8">
        <h2 id="operations-heading" className="text-xl font-semibold">
          Operations
        </h2>
        <ul className="mt-2 list-disc pl-6">
          {operations.map(({ path, method, operation }) => (
            <li key={operation.operationId}>
              <a href={`#${anchorOf(operation)}`} className="text-blue-800 underline">
                <span className="font-mono">
                  {method.toUpperCase()} {API_BASE_PATH}
                  {path}
                </span>
              </a>{" "}
              — {operation.summary}
            </li>
          ))}
        </ul>
      </nav>

      {operations.map(({ path, method, operation }) => (
        <section key={operation.operationId} id={anchorOf(operation)} aria-labelledby={`${anchorOf(operation)}-heading`} className="mt-10 border-t border-slate-300 pt-6">
          <h2 id={`${anchorOf(operation)}-heading`} className="text-xl font-semibold">
            <span className="font-mono">
              {method.toUpperCase()} {API_BASE_PATH}
              {path}
            </span>
          </h2>
          <p className="mt-1 font-medium">{operation.summary}</p>
          <p className="mt-1 text-sm">
            {operation["x-scope"] ? (
              <>
                Scope required: <code className="font-semibold">{operation["x-scope"]}</code>
              </>
            ) : (
              "No token needed."
            )}
          </p>
          {/* The document's description ends with a "Scope: …" paragraph for other tools; said above here. */}
          {operation.description.split("\n\n").filter((paragraph) => !paragraph.startsWith("Scope: ")).map((paragraph, i) => (
            <p key={i} className="mt-2 text-slate-800">
              {paragraph}
            </p>
          ))}

          {operation.parameters && operation.parameters.length > 0 ? (
            <>
              <h3 className="mt-4 font-semibold">Query parameters</h3>
              <div className="mt-2 overflow-x-auto" tabIndex={0} role="region" aria-label={`Query parameters of ${method.toUpperCase()} ${API_BASE_PATH}${path}`}>
                <table className="min-w-full border border-slate-200 bg-white text-sm">
                  <thead className="bg-slate-100 text-left">
                    <tr>
                      <th scope="col" className="p-2">Name</th>
                      <th scope="col" className="p-2">Type</th>
                      <th scope="col" className="p-2">Description</th>
                    </tr>
                  </thead>
                  <tbody>
                    {operation.parameters.map((parameter) => (
                      <tr key={parameter.name} className="border-t border-slate-200 align-top">
                        <td className="p-2 font-mono">
                          {parameter.name}
                          {parameter.required ? <span className="ml-1 font-sans text-red-800">required</span> : null}
                        </td>
                        <td className="p-2">
                          <TypeLabel schema={parameter.schema} />
                          {limitsOf(parameter.schema).length > 0 ? <span className="block text-slate-600">{limitsOf(parameter.schema).join("; ")}</span> : null}
                        </td>
                        <td className="p-2">{parameter.description}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : null}

          {operation.requestBody ? (
            <>
              <h3 className="mt-4 font-semibold">Request body (application/json)</h3>
              <p className="text-sm">
                <TypeLabel schema={operation.requestBody.content["application/json"].schema} />, described under Schemas below.
              </p>
            </>
          ) : null}

          <h3 className="mt-4 font-semibold">Responses</h3>
          <ul className="mt-1 space-y-1 text-sm">
            {Object.entries(operation.responses).map(([status, response]) => {
              const [type, body] = Object.entries(response.content ?? {})[0] ?? [];
              return (
                <li key={status}>
                  <span className="font-mono font-semibold">{status}</span> {response.description}
                  {body ? (
                    <>
                      {" "}
                      <span className="text-slate-600">({type})</span> <TypeLabel schema={body.schema} />
                    </>
                  ) : null}
                </li>
              );
            })}
          </ul>

          <h3 className="mt-4 font-semibold">Example</h3>
          <pre className="mt-1 rounded bg-slate-900 p-3 text-sm break-all whitespace-pre-wrap text-slate-50">
            <code>{curlFor(method, `${base}${path}`, operation)}</code>
          </pre>
        </section>
      ))}

      <section aria-labelledby="schemas-heading" className="mt-10 border-t border-slate-300 pt-6">
        <h2 id="schemas-heading" className="text-xl font-semibold">
          Schemas
        </h2>
        {Object.entries(document.components.schemas).map(([name, schema]) => (
          <section key={name} id={schemaAnchor(name)} aria-labelledby={`${schemaAnchor(name)}-heading`} className="mt-6">
            <h3 id={`${schemaAnchor(name)}-heading`} className="font-mono text-lg font-semibold">
              {name}
            </h3>
            {typeof schema.description === "string" ? <p className="mt-1 text-slate-800">{schema.description}</p> : null}
            <div className="mt-2 rounded-lg border border-slate-200 bg-white p-3">
              <SchemaView schema={schema} />
            </div>
          </section>
        ))}
      </section>
    </main>
  );
}
