/**
 * The keys of a function's nested arguments (a gate, a wait) as each generated SDK sends them.
 * YAML, Go and Java structs, and Python's classes (`FlexSnapshotGate(max_age=…)`), send the
 * schema's names (`maxAge`); a Python dict, as the SDK's own `FlexSnapshotGateDict` spells it
 * (`{"max_age": …}`), reaches the plugin with its keys as written. Both spellings are derived
 * here from the schema (`packageSchema.ts`), for every object type a function's inputs reach,
 * so that a type or field added later is accepted in both without a list to keep.
 */
import { ValidationError } from "../../atlas/errors";
import { packageSchema } from "./packageSchema";

/**
 * A schema name as Pulumi's Python code generator spells it (`PyName` in pulumi/pulumi's
 * `pkg/codegen/python`): words split before an upper-case letter that follows a lower-case letter
 * or digit, and before the last capital of an acronym followed by a lower-case letter
 * (`targetDeploymentItemName` → `target_deployment_item_name`, `SHA256Hash` → `sha256_hash`),
 * then lower-cased. test/sdkSpellings.test.ts compares it with the committed `sdk/python`.
 */
export function pythonName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

/** An object type of the schema: its token's name and its properties' schema names. */
interface ObjectSpelling {
  /** The type's name, as messages give it (`FlexSnapshotGate`). */
  readonly type: string;
  /** Each key a generated SDK may send, to the schema name it stands for. */
  readonly names: ReadonlyMap<string, string>;
  /** Each schema name, to the object type of its value where it has one. */
  readonly nested: ReadonlyMap<string, ObjectSpelling>;
}

/** A schema property, as far as this module reads it. */
interface PropertySchema {
  readonly $ref?: string;
  readonly items?: PropertySchema;
  readonly oneOf?: readonly PropertySchema[];
}

/** Each function's arguments that hold objects, by token: the arguments' object types. */
type FunctionSpellings = ReadonlyMap<string, ReadonlyMap<string, ObjectSpelling>>;

let cached: FunctionSpellings | undefined;

/** The spellings of every function, read from the schema once. */
function functionSpellings(): FunctionSpellings {
  if (cached !== undefined) return cached;
  const schema = packageSchema() as {
    types: Record<string, { properties?: Record<string, PropertySchema> }>;
    functions: Record<string, { inputs: { properties: Record<string, PropertySchema> } }>;
  };
  const objects = new Map<string, ObjectSpelling>();
  /** The object type a property's value is, or holds in a list or a union; none for scalars. */
  const objectOf = (property: PropertySchema): ObjectSpelling | undefined => {
    const ref = property.$ref ?? property.items?.$ref ?? property.oneOf?.find((p) => p.$ref)?.$ref;
    if (ref === undefined) return undefined;
    const token = decodeURIComponent(ref.replace(/^#\/types\//, ""));
    const known = objects.get(token);
    if (known !== undefined) return known;
    const names = new Map<string, string>();
    const nested = new Map<string, ObjectSpelling>();
    const spelling: ObjectSpelling = { type: token.split(":").pop()!, names, nested };
    objects.set(token, spelling);
    for (const [name, inner] of Object.entries(schema.types[token]?.properties ?? {})) {
      names.set(name, name);
      names.set(pythonName(name), name);
      const object = objectOf(inner);
      if (object !== undefined) nested.set(name, object);
    }
    return spelling;
  };
  cached = new Map(
    Object.entries(schema.functions).map(([token, fn]) => [
      token,
      new Map(
        Object.entries(fn.inputs.properties).flatMap(([name, property]) => {
          const object = objectOf(property);
          return object === undefined ? [] : [[name, object] as const];
        }),
      ),
    ]),
  );
  return cached;
}

/** What a key of `spelling` may be, for messages: `maxAge or max_age`, `status`. */
function accepted(spelling: ObjectSpelling): string {
  const byName = new Map<string, string[]>();
  for (const [key, name] of spelling.names) byName.set(name, [...(byName.get(name) ?? []), key]);
  return [...byName.values()].map((keys) => keys.join(" or ")).join(", ");
}

/** `value` with its keys as the schema names them; `field` is its path, for messages. */
function respell(value: unknown, spelling: ObjectSpelling, field: string): unknown {
  if (Array.isArray(value)) return value.map((item, i) => respell(item, spelling, `${field}.${i}`));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  const from: Record<string, string> = {};
  for (const [key, inner] of Object.entries(value)) {
    const name = spelling.names.get(key);
    if (name === undefined) {
      throw new ValidationError(
        `${field}.${key}`,
        inner,
        `a key of ${spelling.type} (${accepted(spelling)})`,
      );
    }
    if (from[name] !== undefined) {
      throw new ValidationError(
        `${field}.${key}`,
        inner,
        `one of ${from[name]} and ${key}, not both (two spellings of ${spelling.type}'s ${name})`,
      );
    }
    from[name] = key;
    const nested = spelling.nested.get(name);
    out[name] = nested === undefined ? inner : respell(inner, nested, `${field}.${key}`);
  }
  return out;
}

/**
 * The arguments of function `token` with the keys of their objects in the schema's spelling,
 * whichever generated SDK's spelling they came in. A key that is neither is refused, naming
 * both spellings of every key the object has, before anything is sent.
 *
 * @throws ValidationError for a key that no spelling of the object's type has, or for a key
 * given in both spellings
 * @example
 * ```ts
 * schemaSpelling("atlasflex:index:getFlexSnapshot", { require: { max_age: "24h" } });
 * // { require: { maxAge: "24h" } }
 * ```
 */
export function schemaSpelling(
  token: string,
  args: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const objects = functionSpellings().get(token);
  return Object.fromEntries(
    Object.entries(args).map(([name, value]) => {
      const spelling = objects?.get(name);
      return [name, spelling === undefined ? value : respell(value, spelling, name)];
    }),
  );
}
