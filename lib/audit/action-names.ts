// Every action the audit log records, with the label people read. Writers take an AuditAction,
// so an action missing here does not compile; the filters, the entry views and the export read
// the labels from here. Stored entries keep the key (an older log may hold a key no longer
// written, which auditActionLabel shows as stored).

export const AUDIT_ACTIONS = {
  "organization.created": { label: "Organization created" },
  "policy.updated": { label: "Key policy updated" },
  "permission.added": { label: "Permission added" },
  "permission.updated": { label: "Permission updated" },
  "permission.removed": { label: "Permission removed" },
  "system.created": { label: "System created" },
  "system.updated": { label: "System updated" },
  "system.deleted": { label: "System deleted" },
  "member.added": { label: "Member added" },
  "member.role_changed": { label: "Member role changed" },
  "member.removed": { label: "Member removed" },
  "member.set_password_link_issued": { label: "Set-password link issued" },
  "member.two_factor_unlocked": { label: "Two-factor unlocked" },
  "member.invited": { label: "Member invited" },
  "member.invitation_accepted": { label: "Invitation accepted" },
  "member.invitation_declined": { label: "Invitation declined" },
  "member.invitation_revoked": { label: "Invitation revoked" },
  "system_member.added": { label: "System member added" },
  "system_member.role_changed": { label: "System member role changed" },
  "system_member.removed": { label: "System member removed" },
  "key.created": { label: "Key created" },
  "key.updated": { label: "Key updated" },
  "key.credits_topped_up": { label: "Key credits topped up" },
  "key.enabled": { label: "Key enabled" },
  "key.disabled": { label: "Key disabled" },
  "key.rolled": { label: "Key rolled" },
  "key.grace_ended": { label: "Grace period ended early" },
  "key.secret_regenerated": { label: "Key secret regenerated" },
  "key.secret_viewed": { label: "Key secret viewed" },
  "key.revoked": { label: "Key revoked" },
  "key.deleted": { label: "Key deleted" },
  "key.leaked": { label: "Key reported leaked" },
  "webhook.created": { label: "Webhook created" },
  "webhook.deleted": { label: "Webhook deleted" },
  "user.password_set": { label: "Password set" },
  "user.password_changed": { label: "Password changed" },
  "user.password_change_failed": { label: "Password change failed" },
  "user.totp_enabled": { label: "Authenticator app enabled" },
  "user.totp_removed": { label: "Authenticator app removed" },
  "user.recovery_codes_generated": { label: "Recovery codes generated" },
  "user.recovery_code_used": { label: "Recovery code used" },
  "user.passkey_added": { label: "Passkey added" },
  "user.passkey_removed": { label: "Passkey removed" },
  "organization.two_factor_requirement_changed": { label: "Two-factor requirement changed" },
  "organization.sso_settings_changed": { label: "Single sign-on settings changed" },
  "user.two_factor_unlocked": { label: "Two-factor unlocked by the operator" },
  "stepup.failed": { label: "Step-up check failed" },
  "authorization.denied": { label: "Authorization denied" },
  "audit.exported": { label: "Audit log exported" },
  "audit.checkpoint_created": { label: "Audit checkpoint created" },
} as const satisfies Record<string, { label: string }>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, value);
}

/** The label of a stored action; an action this version does not write is shown as stored. */
export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTIONS[action].label : action;
}
