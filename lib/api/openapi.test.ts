import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { apiScopes } from "@/lib/db/schema/identity";
import { buildOpenApiDocument, type JsonSchema } from "./openapi";
import { apiOperations } from "./operations";

const root = path.resolve(import.meta.dirname, "../..");
const v1 = path.join(root, "app/api/v1");
const document = buildOpenApiDocument();

/** Every route file under app/api/v1 with the URL path it serves (relative to /api/v1) and its HTTP methods. */
function routeFiles(): Array<{ file: string; path: string; methods: string[]; operationIds: string[] }> {
  return fs
    .readdirSync(v1, { recursive: true, encoding: "utf8" })
    .filter((relative) => path.basename(relative) === "route.ts")
    .map((relative) => {
      const source = fs.readFileSync(path.join(v1, relative), "utf8");
      const folder = path.dirname(relative).split(path.sep).join("/");
      return {
        file: `app/api/v1/${relative}`,
        path: folder === "." ? "/" : `/${folder}`,
        methods: [...source.matchAll(/export\s+(?:async\s+)?(?:function|const)\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g)].map((m) => m[1]!),
        operationIds: [...source.matchAll(/apiHandler\(\s*"(\w+)"/g)].map((m) => m[1]!),
      };
    });
}

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => refsIn(item, found));
  else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (key === "$ref" && typeof inner === "string") found.push(inner);
      else refsIn(inner, found);
    }
  }
  return found;
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with JSON Schema 2020-12 and survives a JSON round trip", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.jsonSchemaDialect).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });

  it("resolves every $ref to a schema it defines, and defines none it never uses", () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(10);
    const names = new Set(Object.keys(document.components.schemas));
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(names, `${ref} is not defined`).toContain(ref.replace("#/components/schemas/", ""));
    }
    const used = new Set(refs.map((ref) => ref.replace("#/components/schemas/", "")));
    expect([...names].filter((name) => !used.has(name))).toEqual([]);
  });

  it("gives every schema a type or a combination, never a leftover $schema or $id", () => {
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      expect(schema.type ?? schema.anyOf ?? schema.oneOf, name).toBeDefined();
      expect(schema.$schema, name).toBeUndefined();
      expect(schema.$id, name).toBeUndefined();
    }
  });

  it("gives every operation a unique id, a 200 answer, problem answers and its scope as the security requirement", () => {
    const ids: string[] = [];
    for (const [route, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        ids.push(operation!.operationId);
        expect(operation!.responses["200"]?.content?.["application/json"], `${method} ${route}`).toBeDefined();
        const scope = operation!["x-scope"];
        if (scope) {
          expect(apiScopes).toContain(scope);
          expect(operation!.security).toEqual([{ bearerToken: [scope] }]);
          for (const status of ["401", "403", "429"]) {
            expect(operation!.responses[status]?.content?.["application/problem+json"]?.schema, `${method} ${route} ${status}`).toEqual({
              $ref: "#/components/schemas/Problem",
            });
          }
        } else {
          expect(operation!.security).toEqual([]);
        }
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(Object.keys(apiOperations).sort());
  });

  it("documents each query parameter with a schema, and marks none required that has a default", () => {
    const students = document.paths["/students"]!.get!;
    expect(students.parameters!.map((p) => p.name)).toEqual(["page", "pageSize", "classId", "levelId", "search", "status"]);
    for (const parameter of students.parameters!) {
      expect(parameter.schema.type).toBeDefined();
      if (parameter.schema.default !== undefined) expect(parameter.required).toBe(false);
    }
    expect(students.parameters!.find((p) => p.name === "pageSize")!.schema).toMatchObject({ type: "integer", minimum: 5, maximum: 100 });
  });

  it("describes the scores body as a client sends it", () => {
    const body = document.components.schemas.PutScoresRequest as JsonSchema & { required: string[]; properties: Record<string, JsonSchema> };
    expect(body.required).toEqual(["classId", "subjectId", "assessmentId", "scores"]);
    expect(body.properties.scores).toMatchObject({ type: "array", minItems: 1, maxItems: 1000 });
  });
});

describe("route files and the document", () => {
  const files = routeFiles();

  it("has a route file for every operation, and an operation for every route file and method", () => {
    const served = files.flatMap((f) => f.methods.map((m) => `${m} ${f.path}`)).sort();
    const documented = Object.entries(document.paths)
      .flatMap(([route, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${route}`))
      .sort();
    expect(served).toEqual(documented);
  });

  it("wires each handler to the operation of its own path and method", () => {
    for (const file of files) {
      for (const id of file.operationIds) {
        const operation = apiOperations[id as keyof typeof apiOperations];
        expect(operation, `${file.file} names an unknown operation ${id}`).toBeDefined();
        expect(`${operation.method} ${operation.path}`, file.file).toBe(`${file.methods[0]} ${file.path}`);
      }
      // Every route that needs a token goes through apiHandler; only the open document does not.
      const open = file.methods.every((m) => Object.values(apiOperations).some((o) => o.scope === null && o.path === file.path && o.method === m));
      if (!open) expect(file.operationIds, `${file.file} does not use apiHandler`).toHaveLength(file.methods.length);
    }
  });
});
