/** Jest runs the TypeScript tests through ts-jest; type checking is `npm run lint`'s job. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  // Links the checkout into node_modules by its own name, as `npm test` does (scripts/setup.js).
  globalSetup: "<rootDir>/scripts/link-self.js",
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }],
  },
  testTimeout: 60_000,
};
