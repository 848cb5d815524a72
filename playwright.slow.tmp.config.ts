// TEMPORARY (not committed): the project's config with longer timeouts for a loaded machine.
import base from "./playwright.config";

export default { ...base, timeout: 120_000, expect: { timeout: 25_000 } };
