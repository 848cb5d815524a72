import { expect, test } from "@playwright/test";
import { ORG, SIGNED_OUT } from "./support";

test.use({ storageState: SIGNED_OUT });

const CONSOLE_PAGES = [
  "/",
  "/orgs/new",
  ORG,
  `${ORG}/systems`,
  `${ORG}/systems/some-system-id`,
  `${ORG}/keys`,
  `${ORG}/audit`,
  `${ORG}/members`,
  `${ORG}/settings`,
  "/account/security",
];

for (const path of CONSOLE_PAGES) {
  test(`a signed-out visitor to ${path} is sent to sign-in`, async ({ page }) => {
    await page.goto(path);
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  });
}

test("every page links the icons and the manifest, and public/ serves them", async ({ page, request }) => {
  await page.goto("/sign-in");
  const hrefs = async (selector: string) =>
    page.locator(selector).evaluateAll((links) => links.map((link) => link.getAttribute("href")));
  expect(await hrefs('link[rel="icon"]')).toEqual(["/icon.svg", "/favicon-32.png"]);
  expect(await hrefs('link[rel="apple-touch-icon"]')).toEqual(["/apple-touch-icon.png"]);
  expect(await hrefs('link[rel="manifest"]')).toEqual(["/manifest.webmanifest"]);

  const manifest = (await (await request.get("/manifest.webmanifest")).json()) as {
    name: string;
    icons: { src: string }[];
  };
  expect(manifest.name).toBe("Keyplane");
  for (const path of [
    "/icon.svg",
    "/favicon-32.png",
    "/apple-touch-icon.png",
    ...manifest.icons.map((i) => i.src),
  ]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["content-type"], path).toMatch(/^image\//);
  }
});
