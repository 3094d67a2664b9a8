/**
 * The preview flag of the plugin's invokes.
 *
 * Relies on (`@pulumi/pulumi` 3.248.0):
 * - `proto/provider_pb.js`: `InvokeRequest.prototype.getArgs` (a `google.protobuf.Struct` with
 *   `toJavaScript()`) and `InvokeRequest.prototype.getPreview`;
 * - `provider/server.js`, `invoke`: `const args = req.getArgs().toJavaScript();`, the arguments it
 *   passes `provider.invoke` (only those and the token: not `InvokeRequest.preview`, which the
 *   engine sets — v3.248.0: `source_eval.go` sets `Preview: rm.opts.DryRun`, and
 *   `provider_plugin.go` sends `Preview: req.Preview`).
 *
 * When the check fails (no `provider_pb`, no `getArgs` or `getPreview` on `InvokeRequest`, or
 * arguments without `toJavaScript` to wrap), {@link passInvokePreview} warns once: the plugin's
 * invokes then cannot tell `pulumi preview` from `up`, and a wait waits in preview too. It runs
 * only in the plugin (`provider/plugin/main.ts`).
 */
import { warnFallback } from "./fallback";
import { PREVIEW_KEY } from "./previewKey";

/** The parts of `@pulumi/pulumi`'s generated `provider_pb` that {@link passInvokePreview} uses. */
interface InvokeRequestProto {
  getArgs?: (this: InvokeRequestProto) => { toJavaScript?: () => Record<string, unknown> };
  getPreview?: (this: InvokeRequestProto) => boolean;
}

/** What the plugin loses without the flag. */
const INVOKE_PREVIEW_LOST =
  "the plugin's invokes cannot tell pulumi preview from up: a wait waits in preview too";

let invokePreview: boolean | undefined;

/**
 * Makes the plugin's invokes see whether they run in `pulumi preview`: the engine sets
 * `InvokeRequest.preview` (v3.248.0: `source_eval.go` sets `Preview: rm.opts.DryRun`, and
 * `provider_plugin.go` sends `Preview: req.Preview`), but the provider server of `@pulumi/pulumi`
 * passes `provider.invoke` only `req.getArgs().toJavaScript()`. This wraps
 * `InvokeRequest.prototype.getArgs` so that the arguments it returns carry the flag under
 * {@link PREVIEW_KEY} (where a `toJavaScript` is there to wrap). Done once, only when the
 * generated class has `getArgs` and `getPreview`; otherwise the invoke's arguments have no
 * {@link PREVIEW_KEY}, and the plugin treats the run as not a preview (so a wait waits).
 *
 * @returns whether the flag is passed.
 */
export function passInvokePreview(): boolean {
  if (invokePreview !== undefined) return invokePreview;
  invokePreview = false;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const proto = require("@pulumi/pulumi/proto/provider_pb") as {
      InvokeRequest?: { prototype: InvokeRequestProto };
    };
    const prototype = proto.InvokeRequest?.prototype;
    const getArgs = prototype?.getArgs;
    if (!prototype || typeof getArgs !== "function" || typeof prototype.getPreview !== "function") {
      warnFallback("passInvokePreview", INVOKE_PREVIEW_LOST);
      return invokePreview;
    }
    prototype.getArgs = function (this: InvokeRequestProto) {
      const args = getArgs.call(this);
      const toJavaScript = args?.toJavaScript;
      if (typeof toJavaScript !== "function") {
        // Arguments of another shape than a Struct's: this invoke gets no flag. (None at all is
        // an invoke without arguments, which the provider server cannot read either.)
        if (args !== undefined && args !== null) {
          warnFallback("passInvokePreview", INVOKE_PREVIEW_LOST);
        }
        return args;
      }
      const preview = this.getPreview!();
      args.toJavaScript = () => ({ ...toJavaScript.call(args), [PREVIEW_KEY]: preview });
      return args;
    };
    invokePreview = true;
  } catch {
    invokePreview = false;
    warnFallback("passInvokePreview", INVOKE_PREVIEW_LOST);
  }
  return invokePreview;
}
