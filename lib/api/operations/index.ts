import { z } from "zod";
import { defineOperation, type OperationSpec } from "../operation";
import { whoAmIOperation } from "./caller";
import { KEY_OPERATIONS } from "./keys";
import { LEAK_OPERATIONS } from "./leaks";
import { SYSTEM_OPERATIONS } from "./systems";
import { VERIFY_OPERATIONS } from "./verify";
import { WEBHOOK_OPERATIONS } from "./webhooks";

// Every operation Keyplane serves under /api/v1, in the order the document lists them.

const openApiOperation = defineOperation({
  id: "getOpenApiDocument",
  method: "GET",
  path: "/api/v1/openapi.json",
  tag: "Meta",
  summary: "This document",
  description: "The OpenAPI 3.1 description of the API. Public: it holds no organization's data.",
  security: "none",
  responses: {
    200: {
      description: "The document.",
      schema: z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) }),
    },
  },
});

export const API_OPERATIONS: readonly OperationSpec[] = [
  ...KEY_OPERATIONS,
  ...LEAK_OPERATIONS,
  ...SYSTEM_OPERATIONS,
  ...WEBHOOK_OPERATIONS,
  ...VERIFY_OPERATIONS,
  whoAmIOperation,
  openApiOperation,
];
