// Who is acting, for which organization, from where. Built by an entry point (server action
// wrapper, REST route, CLI bootstrap) after it has authenticated and authorized the caller;
// core functions trust it and never read a client-sent organization id.
export type Actor =
  | { type: "user"; id: string; label: string }
  | { type: "key"; id: string; label: string }
  | { type: "operator"; id: null; label: string };

export type RequestMeta = { ip: string | null; userAgent: string | null };

export type Ctx = {
  actor: Actor;
  organizationId: string;
  meta: RequestMeta;
  /**
   * Set by the server-action wrapper when this request proved a fresh authenticator code. Cores
   * that widen what a credential can do ask for it (lib/auth/step-up.ts, requireFreshStepUp).
   */
  freshStepUp?: true;
};
