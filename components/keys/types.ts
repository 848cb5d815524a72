// What the key table's client components receive from the server page. Plain data only: no
// secrets, hashes or ciphertexts ever reach these props.

export type KeyTableContext = {
  organizationId: string;
  orgSlug: string;
  scope: { type: "organization" } | { type: "system"; systemId: string; systemName: string };
  canManage: boolean;
  totpEnabled: boolean;
  catalog: { name: string; description: string }[];
  systems: { id: string; name: string }[];
  policy: { defaultLifetimeDays: number; minLifetimeDays: number; maxLifetimeDays: number; allowCustomSecrets: boolean; retrievableSecrets: boolean };
};

export type RevealedSecrets = { keyId: string; label: string; primary?: string; secondary?: string; title: string };
