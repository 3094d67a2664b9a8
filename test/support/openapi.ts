import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * The subset of JSON Schema (as used by OpenAPI 3.0) that {@link validateSchema} understands.
 */
export interface JsonSchema {
  $ref?: string;
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
}

/**
 * The parts of an OpenAPI 3.0 document the tests read.
 */
interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, OpenApiResponse> }>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, OpenApiResponse>;
  };
}

interface OpenApiResponse {
  $ref?: string;
  content?: Record<string, { schema: JsonSchema }>;
}

/**
 * File name of the OpenAPI excerpt, both in `test/fixtures/` and in the shared reference folder.
 */
const SPEC_FILE = "atlas-openapi-flex-backup.json";

/**
 * Where the OpenAPI excerpt is read from: the copy committed in `test/fixtures/`, or else the
 * shared reference folder that sits next to the repository (`<repoRoot>/../shared/reference`),
 * which is where CI clones put it.
 */
function specPath(): string {
  const repoRoot = path.resolve(__dirname, "..", "..");
  const candidates = [
    path.join(repoRoot, "test", "fixtures", SPEC_FILE),
    path.resolve(repoRoot, "..", "shared", "reference", SPEC_FILE),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) {
    throw new Error(`${SPEC_FILE} not found; looked in ${candidates.join(" and ")}`);
  }
  return found;
}

/**
 * Reads and minimally checks the OpenAPI excerpt.
 */
export function loadSpec(file: string = specPath()): OpenApiDocument {
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    !("paths" in parsed) ||
    !("components" in parsed)
  ) {
    throw new Error(`${file} is not an OpenAPI document`);
  }
  return parsed as OpenApiDocument;
}

/**
 * Returns a copy of `spec` adjusted to what Atlas really sends where the two disagree.
 *
 * The one disagreement: `ApiError.parameters` is documented as an array of objects, but Atlas
 * fills it with the strings it substituted into `detail` (e.g. `["orders", "<groupId>"]`), and
 * so does the emulator. Validating against this copy therefore does not prove the emulator
 * matches the document there, only that `parameters` is an array of strings.
 */
export function withAtlasWireDeviations(spec: OpenApiDocument): OpenApiDocument {
  const copy = structuredClone(spec);
  const parameters = copy.components.schemas["ApiError"]?.properties?.["parameters"];
  if (parameters?.items === undefined) {
    throw new Error("ApiError.parameters.items is missing; re-check the deviation");
  }
  parameters.items = { type: "string" };
  return copy;
}

/**
 * Keywords that only annotate a schema and never make a value invalid.
 */
const ANNOTATIONS = new Set([
  "description",
  "example",
  "externalDocs",
  "readOnly",
  "writeOnly",
  "title",
  "default",
]);

/**
 * Keywords {@link validateSchema} checks. Any other keyword makes it throw, so that a schema it
 * cannot fully check never passes silently.
 */
const CHECKED = new Set([
  "$ref",
  "type",
  "properties",
  "required",
  "items",
  "enum",
  "pattern",
  "format",
  "minimum",
  "maximum",
]);

/**
 * Options of {@link validateSchema}.
 */
interface ValidateOptions {
  /**
   * Report properties a schema does not declare. OpenAPI allows them by default; the tests
   * forbid them so that a misspelt field in the emulator is caught.
   * @default true
   */
  rejectUndeclaredProperties?: boolean;
}

/**
 * Validates a value against a schema of `spec` and returns one message per violation, each
 * starting with the JSON path of the offending value (`$.results[0].id: …`); an empty array
 * means the value is valid.
 *
 * Supports `$ref` (local `#/…` pointers), `type`, `properties`, `required`, `items`, `enum`,
 * `pattern` (as a Unicode regular expression), `format` `date-time` (RFC 3339 §5.6) and `int32`,
 * `minimum` and `maximum`.
 *
 * @throws Error when the schema uses a keyword outside that subset
 */
export function validateSchema(
  spec: OpenApiDocument,
  schema: JsonSchema,
  value: unknown,
  options: ValidateOptions = {},
  at = "$",
): string[] {
  for (const keyword of Object.keys(schema)) {
    if (!CHECKED.has(keyword) && !ANNOTATIONS.has(keyword)) {
      throw new Error(`${at}: the validator does not support the keyword ${keyword}`);
    }
  }
  if (schema.$ref !== undefined) {
    return validateSchema(spec, resolvePointer<JsonSchema>(spec, schema.$ref), value, options, at);
  }
  const errors: string[] = [];
  if (schema.enum !== undefined && !schema.enum.includes(value)) {
    errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if (schema.type !== undefined && !hasType(value, schema.type)) {
    errors.push(`${at}: expected ${schema.type}, got ${JSON.stringify(value)}`);
    return errors;
  }
  if (typeof value === "string") {
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value)) {
      errors.push(`${at}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
    }
    if (schema.format === "date-time" && !isDateTime(value)) {
      errors.push(`${at}: ${JSON.stringify(value)} is not an RFC 3339 date-time`);
    }
  }
  if (typeof value === "number") {
    if (schema.format === "int32" && (value < -(2 ** 31) || value > 2 ** 31 - 1)) {
      errors.push(`${at}: ${value} is out of int32 range`);
    }
    if (schema.minimum !== undefined && value < schema.minimum) {
      errors.push(`${at}: ${value} is below the minimum ${schema.minimum}`);
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      errors.push(`${at}: ${value} is above the maximum ${schema.maximum}`);
    }
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    const items = schema.items;
    value.forEach((item, index) => {
      errors.push(...validateSchema(spec, items, item, options, `${at}[${index}]`));
    });
  }
  if (isObject(value)) {
    for (const name of schema.required ?? []) {
      if (!(name in value)) {
        errors.push(`${at}: the required property ${name} is missing`);
      }
    }
    const properties = schema.properties ?? {};
    for (const [name, propertyValue] of Object.entries(value)) {
      const propertySchema = properties[name];
      if (propertySchema !== undefined) {
        errors.push(
          ...validateSchema(spec, propertySchema, propertyValue, options, `${at}.${name}`),
        );
      } else if (options.rejectUndeclaredProperties ?? true) {
        errors.push(`${at}: the property ${name} is not declared`);
      }
    }
  }
  return errors;
}

/**
 * Returns the schema of a documented response: `status` of `method` on `pathTemplate`, following
 * a `$ref` to `components.responses`, from its first (in this document, only) media type.
 *
 * @throws Error when the document does not describe that response
 */
export function responseSchema(
  spec: OpenApiDocument,
  pathTemplate: string,
  method: string,
  status: number,
): JsonSchema {
  const operation = spec.paths[pathTemplate]?.[method.toLowerCase()];
  let response = operation?.responses[String(status)];
  if (response === undefined) {
    throw new Error(`${method} ${pathTemplate} documents no ${status} response`);
  }
  if (response.$ref !== undefined) {
    response = resolvePointer<OpenApiResponse>(spec, response.$ref);
  }
  const [media] = Object.values(response.content ?? {});
  if (media === undefined) {
    throw new Error(`${method} ${pathTemplate} ${status} has no content`);
  }
  return media.schema;
}

/** Follows a local JSON pointer (RFC 6901) such as `#/components/schemas/Link`. */
function resolvePointer<T>(spec: OpenApiDocument, pointer: string): T {
  if (!pointer.startsWith("#/")) {
    throw new Error(`only local $refs are supported, got ${pointer}`);
  }
  let node: unknown = spec;
  for (const token of pointer.slice(2).split("/")) {
    const key = token.replace(/~1/g, "/").replace(/~0/g, "~");
    node = isObject(node) ? node[key] : undefined;
  }
  if (node === undefined) {
    throw new Error(`the $ref ${pointer} does not resolve`);
  }
  return node as T;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: NonNullable<JsonSchema["type"]>): boolean {
  switch (type) {
    case "object":
      return isObject(value);
    case "array":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
  }
}

/** RFC 3339 §5.6 `date-time`, with a real calendar date and time. */
function isDateTime(value: string): boolean {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(
      value,
    );
  if (match === null) {
    return false;
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Second 60 is a leap second, which RFC 3339 allows.
  return (
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second <= 60
  );
}
