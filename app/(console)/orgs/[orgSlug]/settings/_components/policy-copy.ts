// What the two secret settings mean, worded once for the form and the read-only view.

export const CUSTOM_SECRETS_RULE =
  "Admins may type a key's secret instead of having one generated. It must be as hard to guess as " +
  "128 random bits: at least 20 random characters mixing lower and upper case letters, digits and " +
  "symbols, or 22 random letters and digits, without spaces.";

export const RETRIEVABLE_SECRETS_RULE =
  "Secrets are also stored encrypted, so an admin can view a key's secret again after confirming " +
  "with their authenticator app. Every view is recorded in the audit log.";
