/** Which V8 versions the executables' `--liftoff-only` is set on (provider/atlas/http/baselineWasm.ts). */
import { useBaselineWasmCompiler } from "../provider/atlas/http/baselineWasm";

test.each<[string, string, string[]]>([
  ["Node 18's V8", "10.2.154.26-node.36", []],
  ["Node 20's V8", "11.3.244.8-node.33", ["--liftoff-only"]],
  ["Node 22's V8", "12.4.254.21-node.33", ["--liftoff-only"]],
  ["Node 24's V8", "13.6.233.10-node.18", ["--liftoff-only"]],
  ["a V8 not known to define the flag", "14.1.146.11-node.14", []],
  ["a version that is not one", "unknown", []],
])("%s (%s): sets %j", (_label, version, expected) => {
  const set: string[] = [];
  const applied = useBaselineWasmCompiler(version, (flags) => set.push(flags));
  expect({ applied, set }).toEqual({ applied: expected.length > 0, set: expected });
});
