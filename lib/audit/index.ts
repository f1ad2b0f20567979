// The audit log's public surface: record an action in the same transaction as the change.
export { recordAudit, listAudit, type AuditInput, type AuditFilter, type AuditRow } from "@/db/audit";
export { AUDIT_ACTIONS, type AuditAction } from "./actions";
