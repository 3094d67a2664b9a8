// @ts-check
/**
 * An esbuild plugin that bundles only the part of undici the provider uses.
 *
 * The provider imports one value from `undici`, `EnvHttpProxyAgent`, and calls `request` on it.
 * undici's entry (`undici/index.js`) is CommonJS that loads all of undici (fetch, WebSocket,
 * caches, mocks: about 530 KB minified, a large part of the CLI's start), which esbuild cannot
 * tree-shake. So the bundles import that class from its own module and add the request API to
 * `Dispatcher.prototype` as the entry does (`Object.assign(Dispatcher.prototype, api)`). A value
 * the provider starts importing from `undici` that this entry lacks fails the build (esbuild: no
 * matching export), not a run.
 *
 * Those module paths are undici's internals: this file is the one place that names them. They
 * are checked at build time against the `undici` the build bundles (the bundle carries that copy,
 * so a user's undici never meets these paths); when the check fails the bundle's build warns and
 * bundles undici's entry whole, which is slower to start and otherwise the same.
 */
/** undici's own modules that make up what the provider uses (paths inside the package). */
const MODULES = {
  dispatcher: "undici/lib/dispatcher/dispatcher.js",
  api: "undici/lib/api/index.js",
  envHttpProxyAgent: "undici/lib/dispatcher/env-http-proxy-agent.js",
};

/** The module that replaces `undici` in a bundle: only what the provider imports from it. */
const LEAN_ENTRY = `
import Dispatcher from ${JSON.stringify(MODULES.dispatcher)};
import api from ${JSON.stringify(MODULES.api)};
import EnvHttpProxyAgent from ${JSON.stringify(MODULES.envHttpProxyAgent)};
Object.assign(Dispatcher.prototype, api);
export { EnvHttpProxyAgent };
`;

/**
 * Why the lean entry cannot stand in for `undici` as installed at `root`, or `undefined` when it
 * can: its modules load, the class is the one undici's entry exports, and the request API it adds
 * is the entry's.
 *
 * @param {string} root - the folder whose node_modules holds the undici to bundle
 * @returns {string | undefined}
 */
function leanUndiciProblem(root) {
  try {
    const load = (/** @type {string} */ id) => require(require.resolve(id, { paths: [root] }));
    const entry = load("undici");
    const api = load(MODULES.api);
    if (load(MODULES.envHttpProxyAgent) !== entry.EnvHttpProxyAgent) {
      return `${MODULES.envHttpProxyAgent} is not undici's EnvHttpProxyAgent`;
    }
    if (load(MODULES.dispatcher) !== entry.Dispatcher) {
      return `${MODULES.dispatcher} is not undici's Dispatcher`;
    }
    const missing = Object.keys(api).filter(
      (name) => entry.Dispatcher.prototype[name] !== api[name],
    );
    if (Object.keys(api).length === 0 || missing.length > 0) {
      return `${MODULES.api} is not the API undici's entry gives its dispatchers`;
    }
    return undefined;
  } catch (error) {
    // The first line of a failed require: "Cannot find module '…'" (its require stack follows).
    const { message } = /** @type {{ message?: unknown }} */ (error ?? {});
    return String(message ?? error).split("\n")[0];
  }
}

/**
 * The esbuild plugin: resolves `undici` to {@link LEAN_ENTRY} when {@link leanUndiciProblem}
 * finds no problem; otherwise warns (once per bundle that uses it), naming the problem, and
 * leaves `undici` alone.
 *
 * @param {string} root - the folder whose node_modules holds the undici to bundle
 * @returns {import("esbuild").Plugin}
 */
function leanUndici(root) {
  return {
    name: "lean-undici",
    setup(build) {
      const problem = leanUndiciProblem(root);
      if (problem !== undefined) {
        process.stderr.write(
          `[lean-undici] warning: bundling all of undici (slower start): ${problem}\n`,
        );
        return;
      }
      build.onResolve({ filter: /^undici$/ }, () => ({ path: "undici", namespace: "lean-undici" }));
      build.onLoad({ filter: /.*/, namespace: "lean-undici" }, () => ({
        contents: LEAN_ENTRY,
        loader: "js",
        resolveDir: root,
      }));
    },
  };
}

module.exports = { leanUndici, leanUndiciProblem, MODULES };
