import { z } from "zod";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";

// Named schemas of the management API. Request schemas are derived from the forms' schemas in
// lib/keys and lib/systems (the same ones the server actions parse); response schemas describe
// what the presenters in this folder produce. Each named schema is registered here under its
// OpenAPI component name, so lib/api/openapi builds the document from the very objects the
// routes parse and the presenters are typed against.

type ComponentMeta = { id: string };

/** Parsed as request bodies: documented in their input form (what a client may send). */
export const requestComponents = z.registry<ComponentMeta>();
/** Produced by presenters: documented in their output form (what a client receives). */
export const responseComponents = z.registry<ComponentMeta>();

/** ISO 8601 timestamp in UTC, as JSON.stringify writes a Date. */
export const timestampSchema = z.iso.datetime().meta({ description: "ISO 8601 timestamp (UTC)." });

const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

export const apiErrorSchema = z
  .strictObject({
    error: z.strictObject({
      code: z.enum(ERROR_CODES).meta({ description: "Stable machine-readable code." }),
      message: z.string().meta({ description: "Human-readable; safe to show to a user." }),
      fields: z
        .record(z.string(), z.string())
        .optional()
        .meta({ description: "Per-field messages (dotted paths) for VALIDATION_FAILED." }),
    }),
  })
  .meta({ description: "Every error of the management API has this shape." })
  .register(responseComponents, { id: "Error" });
