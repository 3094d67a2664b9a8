/** Argument validation: every bad input is named, with its value and the expected pattern. */
import { ValidationError } from "../provider";
import { validateLookupArgs } from "../provider/lookups/validation";

const good = {
  projectId: "0123456789abcdef01234567",
  name: "orders",
  snapshotId: "89abcdef0123456789abcdef",
};

test.each([
  [
    "a short projectId",
    { ...good, projectId: "abc" },
    'invalid projectId "abc": expected a 24-character hexadecimal project id matching ^([a-f0-9]{24})$',
  ],
  [
    "an upper-case projectId",
    { ...good, projectId: "0123456789ABCDEF01234567" },
    'invalid projectId "0123456789ABCDEF01234567": expected a 24-character hexadecimal project id matching ^([a-f0-9]{24})$',
  ],
  [
    "a name starting with a dash",
    { ...good, name: "-orders" },
    'invalid name "-orders": expected a flex cluster name matching ^[a-zA-Z0-9][a-zA-Z0-9-]*$',
  ],
  [
    "a name with a slash",
    { ...good, name: "a/b" },
    'invalid name "a/b": expected a flex cluster name matching ^[a-zA-Z0-9][a-zA-Z0-9-]*$',
  ],
  [
    "a missing snapshotId",
    { ...good, snapshotId: undefined },
    "invalid snapshotId undefined: expected a 24-character hexadecimal snapshot id matching ^([a-f0-9]{24})$",
  ],
  [
    "a numeric snapshotId",
    { ...good, snapshotId: 42 },
    "invalid snapshotId 42: expected a 24-character hexadecimal snapshot id matching ^([a-f0-9]{24})$",
  ],
  [
    "a status that is not an upper-case word",
    { ...good, require: { status: "done" } },
    'invalid require.status "done": expected a status (an upper-case word matching ^[A-Z][A-Z0-9_]{0,31}$, such as PENDING, QUEUED, RUNNING, FAILED, COMPLETED), or a list of 1 to 16 of them',
  ],
  [
    "an empty status list",
    { ...good, require: { status: [] } },
    "invalid require.status []: expected a status (an upper-case word matching ^[A-Z][A-Z0-9_]{0,31}$, such as PENDING, QUEUED, RUNNING, FAILED, COMPLETED), or a list of 1 to 16 of them",
  ],
  [
    "an unknown gate option",
    { ...good, require: { state: "COMPLETED" } },
    'invalid require {"state":"COMPLETED"}: expected only known options (Unrecognized key: "state")',
  ],
  [
    "a malformed apiVersion",
    { ...good, apiVersion: "2024-11" },
    'invalid apiVersion "2024-11": expected an Atlas API version date (YYYY-MM-DD) matching ^\\d{4}-\\d{2}-\\d{2}$',
  ],
])("rejects %s", (_label, input, message) => {
  expect(() => validateLookupArgs(input)).toThrow(ValidationError);
  expect(() => validateLookupArgs(input)).toThrow(message);
});

test.each([
  ["a single status", { status: "COMPLETED" }, { status: ["COMPLETED"] }],
  [
    "a list of statuses",
    { status: ["COMPLETED", "RUNNING"] },
    { status: ["COMPLETED", "RUNNING"] },
  ],
  ["no status", {}, {}],
])("normalises %s", (_label, require, expected) => {
  expect(validateLookupArgs({ ...good, require })).toEqual({ ...good, require: expected });
});
