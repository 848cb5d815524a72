// What the key table's client components receive from the server page. Plain data only: no
// secrets, hashes or ciphertexts ever reach these props.
import type { KeyPolicy } from "@/lib/keys/policy";

export type KeyTableContext = {
  organizationId: string;
  orgSlug: string;
  scope: { type: "organization" } | { type: "system"; systemId: string; systemName: string };
  canManage: boolean;
  totpEnabled: boolean;
  /** The user has a passkey, which answers a step-up as well as a code (README, "Passkeys"). */
  passkeyEnabled: boolean;
  catalog: { name: string; description: string }[];
  systems: { id: string; name: string; slug: string }[];
  policy: KeyPolicy;
  /** Where data planes reach this installation (KEYPLANE_PUBLIC_URL, else the request's origin). */
  publicUrl: string;
};

/** A key as the connect panel needs it: who it is and what its data planes may ask for. */
export type ConnectKey = {
  keyId: string;
  label: string;
  /** A system key's own system. */
  system: { id: string; slug: string } | null;
  /** An organization key's system limits (empty: every system of the organization). */
  limitedTo: { id: string; slug: string }[];
  /** Sorted permission names. */
  permissions: string[];
};

export type RevealedSecrets = {
  keyId: string;
  label: string;
  primary?: string;
  secondary?: string;
  title: string;
  /** The key's scope, for "Connect a data plane" over the reveal. */
  connect: ConnectKey;
};
