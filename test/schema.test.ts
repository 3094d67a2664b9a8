/** The response schemas: what Atlas's spec allows passes, kept as Atlas sent it; the rest fails. */
import { apiErrorSchema, FlexBackupSnapshot20241113 } from "../provider/atlas/schema";
import { isKnownSnapshotStatus } from "../provider/models/snapshotModel";

const full = {
  expiration: "2025-05-04T09:42:00Z",
  finishTime: "2025-05-04T09:42:00Z",
  id: "32b6e34b3d91647abb20e7b8",
  links: [{ href: "https://cloud.mongodb.com/api/atlas", rel: "self" }],
  mongoDBVersion: "8.0.4",
  scheduledTime: "2025-05-04T09:42:00Z",
  startTime: "2025-05-04T09:42:00Z",
  status: "PENDING",
};

describe("FlexBackupSnapshot20241113", () => {
  test.each([
    ["the spec's example", full, full],
    ["a body without links", { ...full, links: undefined }, { ...full, links: undefined }],
    ["an empty body (every field is optional)", {}, {}],
    ["a status a future Atlas adds, kept as it is", { status: "ARCHIVED" }, { status: "ARCHIVED" }],
    [
      "milliseconds and offsets in timestamps",
      { finishTime: "2025-05-04T09:42:00.123+02:00" },
      { finishTime: "2025-05-04T09:42:00.123+02:00" },
    ],
    [
      "unknown fields, dropped",
      { status: "COMPLETED", replicaSetName: "x" },
      { status: "COMPLETED" },
    ],
  ])("accepts %s", (_label, body, parsed) => {
    expect(FlexBackupSnapshot20241113.parse(body)).toEqual(parsed);
  });

  test.each([
    ["a timestamp that is not one", { finishTime: "yesterday" }, "finishTime"],
    ["a numeric status", { status: 3 }, "status"],
    ["links that are not a list", { links: "self" }, "links"],
  ])("rejects %s, naming the field", (_label, body, field) => {
    const result = FlexBackupSnapshot20241113.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual([field]);
  });

  test.each([
    ["COMPLETED", true],
    ["FAILED", true],
    ["ARCHIVED", false],
    ["completed", false],
  ])("%s is a status the spec knows: %p", (status, known) => {
    expect(isKnownSnapshotStatus(status)).toBe(known);
  });
});

describe("ApiError (parsed leniently)", () => {
  test.each([
    [
      "Atlas's body",
      {
        error: 404,
        errorCode: "RESOURCE_NOT_FOUND",
        reason: "Not Found",
        detail: "no",
        parameters: ["x"],
      },
      {
        error: 404,
        errorCode: "RESOURCE_NOT_FOUND",
        reason: "Not Found",
        detail: "no",
        parameters: ["x"],
      },
    ],
    [
      "fields of the wrong type, dropped",
      { error: "404", errorCode: 7, reason: "Not Found" },
      { reason: "Not Found" },
    ],
  ])("%s", (_label, body, parsed) => {
    expect(apiErrorSchema.parse(body)).toEqual(parsed);
  });
});
