import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import ApiReferencePage from "@/app/(console)/orgs/[orgSlug]/api/page";
import { NAV_ITEMS } from "@/components/shell/nav-items";
import { API_OPERATIONS } from "@/lib/api/operations";
import { useTestDatabase } from "../support/db";
import { addMember, createOrgWithOwner, signInAs } from "../support/fixtures";

// The console's API reference renders the whole document for any member of the organization:
// every operation with its parameters, bodies, answers and a curl command for this installation,
// and no one else's organization.

useTestDatabase();

describe("API reference page", () => {
  let html: string;
  let slug: string;

  beforeAll(async () => {
    const { org } = await createOrgWithOwner("Acme");
    slug = org.slug;
    await signInAs(await addMember(org.id, "member"));
    const page = await ApiReferencePage({ params: Promise.resolve({ orgSlug: slug }) });
    html = renderToStaticMarkup(page);
  });

  it("is in the sidebar", () => {
    expect(NAV_ITEMS.find((item) => item.segment === "api")?.label).toBe("API");
  });

  it("shows every operation, grouped, with an anchor and a curl example", () => {
    for (const operation of API_OPERATIONS) {
      expect(html, operation.id).toContain(`id="${operation.id}"`);
      expect(html, operation.id).toContain(`href="#${operation.id}"`);
    }
    for (const tag of ["Keys", "Systems", "Verification", "Meta"]) expect(html).toContain(`id="tag-${tag}"`);
    expect(html).toContain("curl -sS -X POST &quot;http://localhost/api/v1/keys&quot;");
    expect(html).toContain("Idempotency-Key: $(uuidgen)");
    expect(html).toContain("npx keyplane login --url http://localhost");
  });

  it("describes parameters, bodies and answers from the document", () => {
    expect(html).toContain("systemLimits");
    expect(html).toContain("expectedVersion");
    expect(html).toMatch(/perPage/);
    expect(html).toContain("Idempotent-Replayed");
    expect(html).toContain("Plaintext secrets, shown in this answer only");
    expect(html).not.toMatch(/>undefined<|NaN|\[object Object\]/);
  });

  it("is a 404 for someone outside the organization", async () => {
    const { owner } = await createOrgWithOwner("Globex");
    await signInAs(owner);
    await expect(ApiReferencePage({ params: Promise.resolve({ orgSlug: slug }) })).rejects.toMatchObject({
      digest: expect.stringContaining("404"),
    });
  });
});
