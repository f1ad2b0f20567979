// Actions the audit log records. Other modules may record their own ("alert.acknowledged", ...):
// the column is free text, this list is what the settings page knows how to label.
export const AUDIT_ACTIONS = [
  "auth.sign_in",
  "auth.sign_out",
  "auth.sign_in_failed",
  "auth.password_changed",
  "user.created",
  "user.updated",
  "user.deactivated",
  "user.reactivated",
  "user.password_reset",
  "ingest_key.created",
  "ingest_key.revoked",
  "api_token.created",
  "api_token.revoked",
  "policy.saved",
  "policy.reverted",
  "fleet.imported",
  "terminal.transferred",
  "terminal.call_logged",
  "terminal.recovery_marked",
  "terminal.merchant_transferred",
] as const;
export type KnownAuditAction = (typeof AUDIT_ACTIONS)[number];
export type AuditAction = KnownAuditAction | (string & {});
