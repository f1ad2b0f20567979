// The OpenAPI 3.1 document of the read API, generated from the zod schemas the handlers use.
import { z } from "zod";
import { terminalListSchema } from "@/db/queries/terminal-filters";
import { fleetSummarySchema, problemSchema, terminalDetailSchema, terminalPageSchema } from "../schemas";

type JsonSchema = Record<string, unknown>;

const toSchema = (s: z.ZodType, io: "input" | "output" = "output"): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  return rest;
};

/** Each property of an object schema as an OpenAPI query parameter. */
function queryParameters(schema: z.ZodObject): JsonSchema[] {
  const json = toSchema(schema, "input") as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties).map(([name, prop]) => {
    const { description, ...rest } = prop;
    return { name, in: "query", required: json.required?.includes(name) ?? false, ...(description ? { description } : {}), schema: rest };
  });
}

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } });
const ok = (ref: string, description: string) => ({ description, content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } } });

export function buildOpenApi(serverUrl: string): JsonSchema {
  return {
    openapi: "3.1.0",
    info: {
      title: "POS Fleet Health read API",
      version: "1.0.0",
      description: "Read the terminals and fleet health of your agent network. Every answer is limited to the caller's agent subtree.",
    },
    servers: [{ url: serverUrl }],
    paths: {
      "/api/v1/terminals": {
        get: {
          operationId: "listTerminals",
          summary: "Terminals with filters, sorting and cursor pagination",
          parameters: queryParameters(terminalListSchema),
          responses: { 200: ok("TerminalPage", "One page of terminals"), 400: problem("A query parameter is invalid; `parameter` names it") },
        },
      },
      "/api/v1/terminals/{sn}": {
        get: {
          operationId: "getTerminal",
          summary: "One terminal: merchant, agent, current diagnosis and recent heartbeats",
          parameters: [{ name: "sn", in: "path", required: true, schema: { type: "string" } }],
          responses: { 200: ok("TerminalDetail", "The terminal"), 404: problem("No such terminal in the caller's agent network") },
        },
      },
      "/api/v1/fleet/summary": {
        get: {
          operationId: "fleetSummary",
          summary: "Fleet counts: status, category × severity, battery, signal, firmware compliance, top codes, breakdowns",
          responses: { 200: ok("FleetSummary", "The summary") },
        },
      },
    },
    components: {
      schemas: {
        TerminalPage: toSchema(terminalPageSchema),
        TerminalDetail: toSchema(terminalDetailSchema),
        FleetSummary: toSchema(fleetSummarySchema),
        Problem: toSchema(problemSchema),
      },
    },
  };
}
