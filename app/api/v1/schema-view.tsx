// A JSON Schema (as z.toJSONSchema writes it) shown as nested lists a person can read: each field's
// name, type, whether it is required, its limits and its description. Server-rendered, no script.
import type { JsonSchema } from "@/lib/api/openapi";

export const schemaAnchor = (name: string) => `schema-${name}`;

function refName(schema: JsonSchema): string | null {
  return typeof schema.$ref === "string" ? schema.$ref.replace("#/components/schemas/", "") : null;
}

const asSchema = (value: unknown): JsonSchema => (value && typeof value === "object" ? (value as JsonSchema) : {});

/** "string (uuid)", "integer", "array of …", "one of …": the type in words, with links to named schemas. */
export function TypeLabel({ schema }: { schema: JsonSchema }) {
  const name = refName(schema);
  if (name) {
    return (
      <a href={`#${schemaAnchor(name)}`} className="font-mono text-blue-800 underline">
        {name}
      </a>
    );
  }
  if (Array.isArray(schema.anyOf)) {
    const options = schema.anyOf.map(asSchema);
    return (
      <span>
        {options.map((option, i) => (
          <span key={i}>
            {i > 0 ? " or " : null}
            <TypeLabel schema={option} />
          </span>
        ))}
      </span>
    );
  }
  if (Array.isArray(schema.enum)) return <span className="font-mono">{schema.enum.map((v) => JSON.stringify(v)).join(" | ")}</span>;
  const types = Array.isArray(schema.type) ? schema.type.join(" or ") : typeof schema.type === "string" ? schema.type : "any";
  if (schema.type === "array") {
    return (
      <span>
        array of <TypeLabel schema={asSchema(schema.items)} />
      </span>
    );
  }
  return <span className="font-mono">{typeof schema.format === "string" ? `${types} (${schema.format})` : types}</span>;
}

/** Limits and default in words: "5 to 100", "at most 100 characters", "default 25". */
export function limitsOf(schema: JsonSchema): string[] {
  const notes: string[] = [];
  const min = schema.minimum, max = schema.maximum;
  const big = (n: unknown) => typeof n === "number" && Math.abs(n) >= Number.MAX_SAFE_INTEGER;
  if (typeof min === "number" && typeof max === "number" && !big(max)) notes.push(`${min} to ${max}`);
  else if (typeof min === "number" && !big(min)) notes.push(`at least ${min}`);
  else if (typeof max === "number" && !big(max)) notes.push(`at most ${max}`);
  if (typeof schema.minLength === "number" && schema.minLength > 0) notes.push(`at least ${schema.minLength} characters`);
  if (typeof schema.maxLength === "number") notes.push(`at most ${schema.maxLength} characters`);
  if (typeof schema.minItems === "number" && schema.minItems > 0) notes.push(`at least ${schema.minItems} items`);
  if (typeof schema.maxItems === "number") notes.push(`at most ${schema.maxItems} items`);
  if (schema.default !== undefined) notes.push(`default ${JSON.stringify(schema.default)}`);
  return notes;
}

/** The fields of an object schema (or of the objects in an array), nested as lists. */
export function SchemaView({ schema, depth = 0 }: { schema: JsonSchema; depth?: number }) {
  const objectSchema = schema.type === "array" ? asSchema(schema.items) : schema;
  const properties = asSchema(objectSchema.properties);
  const required = new Set(Array.isArray(objectSchema.required) ? (objectSchema.required as string[]) : []);
  const names = Object.keys(properties);
  if (names.length === 0 || refName(objectSchema)) {
    return (
      <p className="text-sm">
        <TypeLabel schema={schema} />
      </p>
    );
  }
  return (
    <ul className={depth === 0 ? "space-y-2" : "mt-2 space-y-2 border-l-2 border-slate-200 pl-4"}>
      {schema.type === "array" ? <li className="text-sm text-slate-700">An array; each item has:</li> : null}
      {names.map((name) => {
        const property = asSchema(properties[name]);
        const nested = property.type === "object" || (property.type === "array" && asSchema(property.items).type === "object");
        const notes = limitsOf(property);
        return (
          <li key={name} className="text-sm">
            <code className="font-semibold">{name}</code> <TypeLabel schema={property} />
            {required.has(name) ? <span className="ml-2 text-red-800">required</span> : <span className="ml-2 text-slate-600">optional</span>}
            {notes.length > 0 ? <span className="ml-2 text-slate-600">({notes.join("; ")})</span> : null}
            {typeof property.description === "string" ? <p className="text-slate-700">{property.description}</p> : null}
            {nested ? <SchemaView schema={property} depth={depth + 1} /> : null}
          </li>
        );
      })}
    </ul>
  );
}
