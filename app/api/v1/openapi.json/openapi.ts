// The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the handlers parse with
// (query strings, request bodies) and the response schemas in ../schemas.ts.
import { z } from "zod";
import { queueParamsSchema } from "@/db/queries/alerts-queue";
import { terminalListSchema } from "@/db/queries/terminal-filters";
import { MAX_BULK } from "@/lib/alerts/act";
import { assignSchema, bulkSchema, logCallSchema, resolveSchema, snoozeSchema } from "@/lib/alerts/actions";
import { API_TOKEN_PREFIX, createTokenSchema, MAX_TOKENS_PER_USER } from "@/lib/auth/api-tokens";
import { SESSION_COOKIE } from "@/lib/auth/sessions";
import { heartbeatSchema, MAX_BATCH, MAX_BODY_BYTES } from "@/lib/ingest/schema";
import {
  alertDetailSchema,
  alertQueuePageSchema,
  alertRecordSchema,
  bulkResultSchema,
  createdTokenSchema,
  fleetSummarySchema,
  ingestSummarySchema,
  problemSchema,
  terminalDetailSchema,
  terminalPageSchema,
  tokenListSchema,
} from "../schemas";

type JsonSchema = Record<string, unknown>;
type Responses = Record<string, JsonSchema>;

const toSchema = (s: z.ZodType, io: "input" | "output" = "output"): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  return rest;
};

/** A request-body schema without the members the handler fills in from the path. */
function bodyWithout(s: z.ZodType, drop: string[], extra: JsonSchema = {}): JsonSchema {
  const json = toSchema(s, "input") as { properties: Record<string, JsonSchema>; required?: string[] } & JsonSchema;
  const properties = Object.fromEntries(Object.entries(json.properties).filter(([k]) => !drop.includes(k)));
  const { required: all = [], ...rest } = json;
  const required = all.filter((k) => !drop.includes(k));
  return { ...rest, properties, ...(required.length ? { required } : {}), ...extra };
}

/** Each property of an object schema as an OpenAPI query parameter. */
function queryParameters(schema: z.ZodObject): JsonSchema[] {
  const json = toSchema(schema, "input") as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties).map(([name, prop]) => {
    const { description, ...rest } = prop;
    return { name, in: "query", required: json.required?.includes(name) ?? false, ...(description ? { description } : {}), schema: rest };
  });
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const ok = (schema: string, description: string) => ({ description, content: { "application/json": { schema: ref(schema) } } });
const problem = (description: string, headers?: JsonSchema) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { "application/problem+json": { schema: ref("Problem") } },
});
const jsonBody = (schema: JsonSchema, description: string) => ({ required: true, description, content: { "application/json": { schema } } });

const RETRY_AFTER = { "Retry-After": { $ref: "#/components/headers/RetryAfter" } };
const REQUEST_ID = { "X-Request-Id": { $ref: "#/components/headers/RequestId" } };

/** Callers: personal API tokens read, browser sessions read and write. */
const READ = [{ apiToken: [] }, { session: [] }];
const WRITE = [{ session: [] }];

/** The answers every signed-in route can give besides its own. */
const readErrors: Responses = {
  401: problem("No credentials, or an unknown or revoked API token or session"),
  403: problem("The caller must change a temporary password first"),
};
const writeErrors: Responses = {
  401: problem("Not signed in"),
  403: problem("An API token was sent (tokens are read-only), the request came from another site, or the caller's role may not do this"),
};

const idParam = (name: string, description: string) => ({ name, in: "path", required: true, description, schema: { type: "integer", minimum: 1 } });

const ALERT_ACTIONS = ["acknowledge", "assign", "call", "snooze", "resolve"] as const;

/** snooze takes exactly one of minutes and until (a refinement the JSON schema states as oneOf). */
function snoozeBody(): JsonSchema {
  const body = bodyWithout(snoozeSchema, ["id"]) as { properties: Record<string, JsonSchema> } & JsonSchema;
  const only = (name: string) => ({ required: [name], properties: { [name]: body.properties[name] } });
  return { ...body, oneOf: [only("minutes"), only("until")] };
}

/** The body depends on the action in the path, so any one of these (anyOf, not a discriminated oneOf). */
function alertActionBodies(): JsonSchema {
  return {
    anyOf: [
      { title: "acknowledge", ...bodyWithout(bulkSchema, ["ids"]), description: "acknowledge: no members needed" },
      { title: "assign", ...bodyWithout(assignSchema, ["ids"]), description: 'assign: "me", "none" or the id of an admin or manager who sees the alert' },
      { title: "call", ...bodyWithout(logCallSchema, ["id"]), description: "call: the outcome of a call to the merchant" },
      {
        title: "snooze",
        ...snoozeBody(),
        description: "snooze: either minutes from now or until (epoch ms), at most 7 days",
      },
      { title: "resolve", ...bodyWithout(resolveSchema, ["id"]), description: "resolve: how the problem was fixed" },
    ],
  };
}

function bulkActionBody(): JsonSchema {
  const acknowledge = bulkSchema.extend({ action: z.literal("acknowledge") });
  const assign = assignSchema.extend({ action: z.literal("assign") });
  return { oneOf: [{ title: "acknowledge", ...toSchema(acknowledge, "input") }, { title: "assign", ...toSchema(assign, "input") }] };
}

export function buildOpenApi(serverUrl: string): JsonSchema {
  return {
    openapi: "3.1.0",
    info: {
      title: "POS Fleet Health API",
      version: "1.0.0",
      description:
        "Send terminal heartbeats, and read the terminals, fleet health and call queue of your agent network. " +
        "Every answer is limited to the caller's agent subtree. Errors are RFC 9457 problem details (application/problem+json).",
      license: { name: "Proprietary", url: `${serverUrl}/` },
    },
    servers: [{ url: serverUrl }],
    tags: [
      { name: "ingest", description: "Heartbeats from terminals, authenticated by an agent's ingest key" },
      { name: "terminals", description: "Terminals and their diagnosis" },
      { name: "fleet", description: "Fleet-wide counts" },
      { name: "alerts", description: "The call queue: alerts and what people do about them" },
      { name: "tokens", description: "Personal API tokens for scripts" },
      { name: "meta", description: "This document" },
    ],
    paths: {
      "/api/v1/heartbeats": {
        post: {
          operationId: "postHeartbeats",
          tags: ["ingest"],
          summary: "Send one heartbeat or a batch",
          description:
            `One heartbeat object, or {"heartbeats": [...]} with 1–${MAX_BATCH}. Bodies over ${MAX_BODY_BYTES} bytes (2 MiB) are refused with 413 before parsing. ` +
            "A batch is answered item by item: bad items are rejected with a code while the others are stored; a single heartbeat that fails the schema is a 400. " +
            "A 200 is sent only after the accepted items are committed. Each ingest key has a heartbeat rate limit (token bucket, INGEST_RATE_PER_KEY per second).",
          security: [{ ingestKey: [] }],
          parameters: [{ name: "X-Request-Id", in: "header", required: false, description: "echoed back; one is made up when absent", schema: { type: "string", maxLength: 64 } }],
          requestBody: {
            required: true,
            description: `JSON (application/json or any +json type), at most ${MAX_BODY_BYTES} bytes`,
            content: { "application/json": { schema: { oneOf: [ref("Heartbeat"), ref("HeartbeatBatch")] } } },
          },
          responses: {
            200: { ...ok("IngestSummary", "Per-item results: accepted, duplicate or rejected (invalid, unknown_terminal, out_of_scope, future_ts)"), headers: REQUEST_ID },
            400: problem("The body is not JSON, not a heartbeat or batch, the batch is empty or too long, or the single heartbeat is invalid (`fields` names the fields)", REQUEST_ID),
            401: problem("No ingest key, or an unknown or revoked one", REQUEST_ID),
            405: problem("A method other than POST", REQUEST_ID),
            413: problem(`The body is larger than ${MAX_BODY_BYTES} bytes`, REQUEST_ID),
            415: problem("The content type is not JSON", REQUEST_ID),
            429: problem("The key sent more heartbeats than its rate allows; retry after Retry-After seconds", { ...RETRY_AFTER, ...REQUEST_ID }),
            503: problem("The server is shutting down, saturated or its database is busy; retry after Retry-After seconds", { ...RETRY_AFTER, ...REQUEST_ID }),
          },
        },
      },
      "/api/v1/terminals": {
        get: {
          operationId: "listTerminals",
          tags: ["terminals"],
          summary: "Terminals with filters, sorting and cursor pagination",
          security: READ,
          parameters: queryParameters(terminalListSchema),
          responses: {
            200: ok("TerminalPage", "One page of terminals"),
            400: problem("A query parameter is invalid; `parameter` names it"),
            ...readErrors,
            404: problem("The `agent` filter names an agent outside the caller's network"),
          },
        },
      },
      "/api/v1/terminals/{sn}": {
        get: {
          operationId: "getTerminal",
          tags: ["terminals"],
          summary: "One terminal: merchant, agent, current diagnosis and recent heartbeats",
          security: READ,
          parameters: [{ name: "sn", in: "path", required: true, description: "the terminal's serial", schema: { type: "string" } }],
          responses: { 200: ok("TerminalDetail", "The terminal"), ...readErrors, 404: problem("No such terminal in the caller's agent network") },
        },
      },
      "/api/v1/fleet/summary": {
        get: {
          operationId: "fleetSummary",
          tags: ["fleet"],
          summary: "Fleet counts: status, category × severity, battery, signal, firmware compliance, top codes, breakdowns",
          security: READ,
          responses: { 200: ok("FleetSummary", "The summary"), ...readErrors },
        },
      },
      "/api/v1/alerts": {
        get: {
          operationId: "listAlerts",
          tags: ["alerts"],
          summary: "The call queue: open and acknowledged alerts, highest priority first, 50 per page",
          security: READ,
          parameters: queryParameters(queueParamsSchema),
          responses: { 200: ok("AlertQueuePage", "One page of the queue"), 400: problem("A query parameter is invalid; `parameter` names it"), ...readErrors },
        },
        post: {
          operationId: "bulkAlertAction",
          tags: ["alerts"],
          summary: `Acknowledge or assign up to ${MAX_BULK} alerts at once`,
          security: WRITE,
          requestBody: jsonBody(bulkActionBody(), "The action and the alert ids"),
          responses: {
            200: ok("BulkResult", "What changed and what was left as it was"),
            400: problem("The body is not a JSON object, or `action` is neither acknowledge nor assign"),
            ...writeErrors,
            404: problem("An alert is not in the caller's network"),
            422: problem("A member is invalid (`issues` lists each), or the assignee is unknown or cannot see an alert"),
          },
        },
      },
      "/api/v1/alerts/{id}": {
        get: {
          operationId: "getAlert",
          tags: ["alerts"],
          summary: "One alert with its terminal, findings and timeline",
          security: READ,
          parameters: [idParam("id", "the alert's id")],
          responses: { 200: ok("AlertDetail", "The alert"), ...readErrors, 404: problem("No such alert in the caller's agent network") },
        },
      },
      "/api/v1/alerts/{id}/{action}": {
        post: {
          operationId: "alertAction",
          tags: ["alerts"],
          summary: "Acknowledge, assign, log a call, snooze or resolve one alert",
          security: WRITE,
          parameters: [
            idParam("id", "the alert's id"),
            { name: "action", in: "path", required: true, description: "what to do", schema: { type: "string", enum: [...ALERT_ACTIONS] } },
          ],
          requestBody: { ...jsonBody(alertActionBodies(), "The members the action needs; acknowledge needs none and may send no body"), required: false },
          responses: {
            200: {
              description: "The alert as the action left it (acknowledge and assign answer like the bulk action)",
              content: { "application/json": { schema: { oneOf: [ref("AlertRecord"), ref("BulkResult")] } } },
            },
            400: problem("The body is not a JSON object"),
            ...writeErrors,
            404: problem("No such alert in the caller's network, or no such action"),
            409: problem("The alert's state does not allow the action (already acknowledged, already resolved, ...); `reason` says which"),
            422: problem("A member is invalid (`issues` lists each)"),
          },
        },
      },
      "/api/v1/tokens": {
        get: {
          operationId: "listTokens",
          tags: ["tokens"],
          summary: "The caller's own API tokens, without their secrets",
          security: READ,
          responses: { 200: ok("TokenList", "The tokens, newest first"), ...readErrors },
        },
        post: {
          operationId: "createToken",
          tags: ["tokens"],
          summary: `Create an API token (${API_TOKEN_PREFIX}…); the secret is shown only in this answer`,
          security: WRITE,
          requestBody: jsonBody(toSchema(createTokenSchema, "input"), "A label to recognise the token by"),
          responses: {
            201: ok("CreatedToken", "The new token"),
            400: problem("The body is not JSON"),
            ...writeErrors,
            422: problem(`The label is missing or too long, or the caller already holds ${MAX_TOKENS_PER_USER} live tokens`),
          },
        },
      },
      "/api/v1/tokens/{id}": {
        delete: {
          operationId: "revokeToken",
          tags: ["tokens"],
          summary: "Revoke one of the caller's own tokens (revoking a revoked token is a no-op)",
          security: WRITE,
          parameters: [idParam("id", "the token's id")],
          responses: { 204: { description: "Revoked" }, ...writeErrors, 404: problem("The caller holds no token with that id") },
        },
      },
      "/api/v1/openapi.json": {
        get: {
          operationId: "getOpenApi",
          tags: ["meta"],
          summary: "This document",
          security: [],
          responses: { 200: { description: "The OpenAPI 3.1 document", content: { "application/json": { schema: { type: "object" } } } } },
        },
      },
    },
    components: {
      securitySchemes: {
        ingestKey: { type: "http", scheme: "bearer", description: "An agent's ingest key (pfh_…), made with `npm run keys:create`; it may post heartbeats for that agent's subtree" },
        apiToken: { type: "http", scheme: "bearer", bearerFormat: `${API_TOKEN_PREFIX}…`, description: "A personal API token (Settings → API tokens): read-only, GET only, with its owner's scope" },
        session: { type: "apiKey", in: "cookie", name: SESSION_COOKIE, description: "The browser session set by signing in; writes must come from the same origin" },
      },
      headers: {
        RetryAfter: { description: "Seconds to wait before retrying", schema: { type: "integer", minimum: 1 } },
        RequestId: { description: "The request's id, as sent in X-Request-Id or made up", schema: { type: "string" } },
      },
      schemas: {
        Heartbeat: toSchema(heartbeatSchema, "input"),
        HeartbeatBatch: toSchema(z.strictObject({ heartbeats: z.array(heartbeatSchema).min(1).max(MAX_BATCH) }), "input"),
        IngestSummary: toSchema(ingestSummarySchema),
        TerminalPage: toSchema(terminalPageSchema),
        TerminalDetail: toSchema(terminalDetailSchema),
        FleetSummary: toSchema(fleetSummarySchema),
        AlertQueuePage: toSchema(alertQueuePageSchema),
        AlertDetail: toSchema(alertDetailSchema),
        AlertRecord: toSchema(alertRecordSchema),
        BulkResult: toSchema(bulkResultSchema),
        TokenList: toSchema(tokenListSchema),
        CreatedToken: toSchema(createdTokenSchema),
        Problem: toSchema(problemSchema),
      },
    },
  };
}
