// ESLint flat config: typescript-eslint's recommended rules over the TypeScript sources, and the
// layers of the package (docs/architecture.md), whose direction of imports this file enforces.
import tseslint from "typescript-eslint";

/**
 * A rule that forbids importing `layers` (folders under provider/) and, when `pulumi` is set,
 * `@pulumi/*` — whether written as a relative path or through the package's own name.
 */
function forbid(message, layers, { pulumi = false, barrel = false } = {}) {
  const patterns = layers.map((layer) => ({
    regex: `(^|/)provider/${layer}(/|$)|^\\.\\.?/(\\.\\./)*${layer}(/|$)`,
    message,
  }));
  if (pulumi) patterns.push({ regex: "^@pulumi/", message });
  // The provider's entry point re-exports the dynamic provider: a lower layer must not load it.
  if (barrel) patterns.push({ regex: "^(\\.\\./)+provider$|^\\.\\./?$|^\\.$", message });
  return { "@typescript-eslint/no-restricted-imports": ["error", { patterns }] };
}

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "action/dist/",
      "node_modules/",
      ".tools/",
      "coverage/",
      "examples/*/node_modules/",
      "examples/*/*/node_modules/",
      // Plain JavaScript is not linted, except the scripts (their block below).
      "**/*.js",
      "!scripts/**/*.js",
      "**/*.mjs",
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  // The layers, bottom to top: models ← atlas ← lookups ← pulumi. A layer imports only those
  // below it; the CLI (bin/) sits on lookups and never loads Pulumi.
  {
    files: ["provider/models/**/*.ts"],
    rules: forbid(
      "provider/models is pure data: it imports no other layer (models ← atlas ← lookups ← pulumi)",
      ["atlas", "lookups", "pulumi"],
      { pulumi: true, barrel: true },
    ),
  },
  {
    files: ["provider/atlas/**/*.ts"],
    rules: forbid(
      "provider/atlas (the Atlas client) knows nothing of lookups, gates or Pulumi (models ← atlas ← lookups ← pulumi)",
      ["lookups", "pulumi"],
      { pulumi: true, barrel: true },
    ),
  },
  {
    files: ["provider/lookups/**/*.ts"],
    rules: forbid(
      "provider/lookups knows nothing of Pulumi (models ← atlas ← lookups ← pulumi)",
      ["pulumi"],
      { pulumi: true, barrel: true },
    ),
  },
  {
    files: ["bin/**/*.ts"],
    rules: forbid(
      "the flex-snapshot CLI sits on provider/lookups and never loads Pulumi or the dynamic provider",
      ["pulumi"],
      { pulumi: true, barrel: true },
    ),
  },
  // The scripts (scripts/*.js): plain CommonJS for Node, with no build step, type-checked by
  // tsconfig.scripts.json (`// @ts-check` and JSDoc) and linted with the same rules.
  {
    files: ["scripts/**/*.js"],
    languageOptions: {
      sourceType: "commonjs",
      // The Node globals the scripts use (tsc checks every name they use).
      globals: {
        __dirname: "readonly",
        Buffer: "readonly",
        console: "readonly",
        module: "readonly",
        process: "readonly",
        require: "readonly",
        setTimeout: "readonly",
      },
    },
    rules: {
      // CommonJS loads modules with require().
      "@typescript-eslint/no-require-imports": "off",
    },
  },
);
