import { z } from "zod";
import { createSystemSchema } from "@/lib/systems/schemas";
import { requestComponents, responseComponents, timestampSchema } from "./common";

// Request schema derived from the console's form (the organization comes from the caller's key);
// response schemas describe lib/api/present.ts's output.

export const createSystemBodySchema = createSystemSchema
  .omit({ organizationId: true })
  .meta({ examples: [{ name: "Payments", description: "The payments cluster" }] })
  .register(requestComponents, { id: "CreateSystemRequest" });

export const apiSystemSchema = z
  .strictObject({ id: z.string(), name: z.string(), slug: z.string(), description: z.string() })
  .register(responseComponents, { id: "System" });

export const systemResponseSchema = z
  .strictObject({ system: apiSystemSchema })
  .register(responseComponents, { id: "SystemResponse" });

const apiSystemListItemSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    description: z.string(),
    createdAt: timestampSchema,
    liveKeys: z.number().int().min(0).meta({ description: "Keys of the system that are not revoked." }),
  })
  .register(responseComponents, { id: "SystemListItem" });
export type ApiSystemListItem = z.output<typeof apiSystemListItemSchema>;

export const systemListResponseSchema = z
  .strictObject({ data: z.array(apiSystemListItemSchema) })
  .register(responseComponents, { id: "SystemListResponse" });
