// The OpenAPI 3.1 document of /api/v1, built from the operations table and the zod schemas the
// handlers use (z.toJSONSchema writes JSON Schema 2020-12, the dialect OpenAPI 3.1 uses). Pure.
import { z } from "zod";
import { apiScopeCatalogue } from "./scopes";
import { type ApiOperation, apiOperations } from "./operations";
import { apiProblem } from "@/lib/validation/api";

export type JsonSchema = { [key: string]: unknown };

export type OpenApiParameter = { name: string; in: "query"; required: boolean; description?: string; schema: JsonSchema; example?: string };

export type OpenApiOperation = {
  operationId: string;
  summary: string;
  description: string;
  security: Array<Record<string, string[]>>;
  "x-scope"?: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required: true; content: { "application/json": { schema: JsonSchema; example?: unknown } } };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
};

export type OpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  jsonSchemaDialect: string;
  servers: Array<{ url: string }>;
  security: Array<Record<string, string[]>>;
  paths: Record<string, Partial<Record<"get" | "put", OpenApiOperation>>>;
  components: {
    securitySchemes: Record<string, { type: "http"; scheme: "bearer"; description: string }>;
    schemas: Record<string, JsonSchema>;
  };
};

export const API_BASE_PATH = "/api/v1";
const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const PROBLEM = "Problem";

const errorDescriptions: Record<number, string> = {
  401: "No token, or a token that is unknown, expired, revoked or ended.",
  403: "The token lacks the operation's scope, or its owner may no longer use it.",
  404: "Not found, or outside what the token's owner may see: the two are not told apart.",
  409: "The record is in a state that refuses the change (scores locked, submitted or approved).",
  422: "The input needs attention; errors holds each field's messages.",
  429: "Too many requests with this token; wait Retry-After seconds.",
};

/** A generated schema without the keys that make no sense inside an OpenAPI document. */
function bare(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/** Every named schema, as components/schemas: answers as the handlers write them, bodies as clients send them. */
function componentSchemas(operations: ApiOperation[]): Record<string, JsonSchema> {
  const uri = (id: string) => `#/components/schemas/${id}`;
  const answers = z.registry<{ id: string }>();
  answers.add(apiProblem, { id: PROBLEM });
  const bodies = z.registry<{ id: string }>();
  for (const operation of operations) {
    answers.add(operation.response, { id: operation.responseName });
    if (operation.body && operation.bodyName) bodies.add(operation.body, { id: operation.bodyName });
  }
  const written = {
    ...z.toJSONSchema(answers, { uri, io: "output" }).schemas,
    ...z.toJSONSchema(bodies, { uri, io: "input" }).schemas,
  };
  return Object.fromEntries(Object.entries(written).map(([name, schema]) => [name, bare(schema as JsonSchema)]));
}

/** A query schema's fields as OpenAPI parameters, in the schema's order. */
function queryParameters(query: z.ZodObject, examples: Record<string, string> = {}): OpenApiParameter[] {
  const schema = z.toJSONSchema(query, { io: "input" }) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: "query",
      required: schema.required?.includes(name) ?? false,
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
      ...(examples[name] !== undefined ? { example: examples[name] } : {}),
    };
  });
}

function problemContent() {
  return { "application/problem+json": { schema: ref(PROBLEM) } };
}

function describeOperation(id: string, operation: ApiOperation): OpenApiOperation {
  const statuses = operation.scope ? [401, 403, ...operation.errors, 429] : operation.errors;
  const responses: OpenApiOperation["responses"] = {
    "200": { description: "OK", content: { "application/json": { schema: ref(operation.responseName) } } },
  };
  for (const status of [...new Set(statuses)].sort((a, b) => a - b)) {
    responses[String(status)] = { description: errorDescriptions[status] ?? "Error", content: problemContent() };
  }
  return {
    operationId: id,
    summary: operation.summary,
    description: operation.scope
      ? `${operation.description}\n\nScope: ${operation.scope} (${apiScopeCatalogue[operation.scope].who}).`
      : operation.description,
    // OpenAPI 3.1 lets a non-OAuth requirement name the roles it needs: here, the token's scope.
    security: operation.scope ? [{ bearerToken: [operation.scope] }] : [],
    ...(operation.scope ? { "x-scope": operation.scope } : {}),
    ...(operation.query ? { parameters: queryParameters(operation.query, operation.example?.query) } : {}),
    ...(operation.body && operation.bodyName
      ? {
          requestBody: {
            required: true as const,
            content: { "application/json": { schema: ref(operation.bodyName), ...(operation.example?.body ? { example: operation.example.body } : {}) } },
          },
        }
      : {}),
    responses,
  };
}

export function buildOpenApiDocument(): OpenApiDocument {
  const operations = Object.entries(apiOperations) as Array<[string, ApiOperation]>;
  const paths: OpenApiDocument["paths"] = {};
  for (const [id, operation] of operations) {
    (paths[operation.path] ??= {})[operation.method.toLowerCase() as "get" | "put"] = describeOperation(id, operation);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "AMS API",
      version: "1",
      description:
        "Read students, classes, subjects, enrolments and published results, and write scores, with a personal API token. A token acts as the person who made it, with the same reach as in the browser, cut down to the token's scopes. Lists are paged with page and pageSize (at most 100). Errors are RFC 9457 problems.",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    servers: [{ url: API_BASE_PATH }],
    security: [{ bearerToken: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerToken: {
          type: "http",
          scheme: "bearer",
          description: "A personal API token from your account page, sent as Authorization: Bearer ams_…",
        },
      },
      schemas: componentSchemas(operations.map(([, operation]) => operation)),
    },
  };
}
