import { CUSTOM_SECRET_MIN_LENGTH } from "@/lib/keys/custom-secret";

// What the two secret settings mean, worded once for the form and the read-only view.

export const CUSTOM_SECRETS_RULE =
  `Admins may type a key's secret instead of having one generated. It must be at least ` +
  `${CUSTOM_SECRET_MIN_LENGTH} characters, without spaces, and use three of: lower case letters, ` +
  `upper case letters, digits, symbols.`;

export const RETRIEVABLE_SECRETS_RULE =
  "Secrets are also stored encrypted, so an admin can view a key's secret again after confirming " +
  "with their authenticator app. Every view is recorded in the audit log.";
