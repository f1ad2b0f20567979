// The audit action list lives in the shared kernel (lib/domain/audit-actions.ts).
export * from "@/lib/domain/audit-actions";
