/** Error mapping: one class per status, messages in Atlas's words, no secret anywhere. */
import {
  ApiVersionError,
  AtlasApiError,
  AuthenticationError,
  BadRequestError,
  createApiError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  redactHeaders,
  ValidationError,
} from "../provider/atlas/errors";

const request = {
  method: "GET",
  path: "/api/atlas/v2/groups/0123456789abcdef01234567/flexClusters/orders/backup/snapshots/89abcdef0123456789abcdef",
  headers: redactHeaders({
    authorization: "Bearer super-secret",
    accept: "application/vnd.atlas.2024-11-13+json",
  }),
};

describe("createApiError", () => {
  test.each([
    [
      400,
      BadRequestError,
      "VALIDATION_ERROR",
      "[400 Bad Request] GET " + request.path + ": VALIDATION_ERROR: bad",
    ],
    [
      401,
      AuthenticationError,
      "NOT_ORG_GROUP_CREATOR",
      "[401 Unauthorized] GET " +
        request.path +
        ": NOT_ORG_GROUP_CREATOR: bad (check the credentials; the service account or API key needs the Project Read Only role on this project)",
    ],
    [
      403,
      PermissionDeniedError,
      "FORBIDDEN",
      "[403 Forbidden] GET " +
        request.path +
        ": FORBIDDEN: bad (the service account or API key needs the Project Read Only role (or higher) on this project, and the caller's IP address must be on its access list)",
    ],
    [
      404,
      NotFoundError,
      "RESOURCE_NOT_FOUND",
      "[404 Not Found] GET " + request.path + ": RESOURCE_NOT_FOUND: bad",
    ],
    [
      406,
      ApiVersionError,
      "INVALID_VERSION_DATE",
      "[406 Not Acceptable] GET " +
        request.path +
        ': INVALID_VERSION_DATE: bad (Atlas does not serve this API version for flex snapshots; set apiVersion to "2024-11-13" (the version MongoDB\'s spec declares for this resource) or remove the override)',
    ],
    [
      410,
      ApiVersionError,
      "VERSION_GONE",
      "[410 Gone] GET " +
        request.path +
        ': VERSION_GONE: bad (this API version has been retired (sunset); set apiVersion to a current version such as "2024-11-13" or upgrade pulumi-atlas-flex-snapshot)',
    ],
    [
      429,
      RateLimitError,
      "RATE_LIMITED",
      "[429 Too Many Requests] GET " + request.path + ": RATE_LIMITED: bad",
    ],
    [
      500,
      InternalServerError,
      "UNEXPECTED_ERROR",
      "[500 Internal Server Error] GET " + request.path + ": UNEXPECTED_ERROR: bad",
    ],
    [
      503,
      InternalServerError,
      "SERVICE_UNAVAILABLE",
      "[503 Service Unavailable] GET " + request.path + ": SERVICE_UNAVAILABLE: bad",
    ],
  ] as const)("%d → %p", (status, ErrorClass, errorCode, message) => {
    const reason = {
      400: "Bad Request",
      401: "Unauthorized",
      403: "Forbidden",
      404: "Not Found",
      406: "Not Acceptable",
      410: "Gone",
      429: "Too Many Requests",
      500: "Internal Server Error",
      503: "Service Unavailable",
    }[status];
    const error = createApiError(status, reason, request, {
      errorCode,
      reason,
      detail: "bad",
      parameters: ["x"],
    });
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(AtlasApiError);
    expect(error.message).toBe(message);
    expect([error.status, error.errorCode, error.detail, error.parameters]).toEqual([
      status,
      errorCode,
      "bad",
      ["x"],
    ]);
    expect(JSON.stringify(error)).not.toContain("super-secret");
  });

  test("a 401 names where the credentials in use were set", () => {
    const body = { errorCode: "UNAUTHORIZED", detail: "bad" };
    const origin = 'clientId and clientSecret in the properties of provider "prod"';
    expect(createApiError(401, "Unauthorized", request, body, undefined, origin).message).toBe(
      `[401 Unauthorized] GET ${request.path}: UNAUTHORIZED: bad (check the credentials (${origin}); the service account or API key needs the Project Read Only role on this project)`,
    );
  });

  test("a body that is not an ApiError falls back to the status text and keeps the raw body", () => {
    const error = createApiError(502, "Bad Gateway", request, undefined, "<html>upstream</html>");
    expect(error.message).toBe(`[502 Bad Gateway] GET ${request.path}`);
    expect(error.rawBody).toBe("<html>upstream</html>");
  });

  test("the kept request is redacted", () => {
    expect(request.headers).toEqual({
      authorization: "[REDACTED]",
      accept: "application/vnd.atlas.2024-11-13+json",
    });
  });
});

test("ValidationError names the field, the value and what was expected", () => {
  const error = new ValidationError(
    "projectId",
    "abc",
    "a 24-character hexadecimal project id matching ^([a-f0-9]{24})$",
  );
  expect(error.message).toBe(
    'invalid projectId "abc": expected a 24-character hexadecimal project id matching ^([a-f0-9]{24})$',
  );
  expect(error.name).toBe("ValidationError");
});
