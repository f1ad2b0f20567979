// The rules policy (thresholds, firmware policy) lives in the shared kernel (lib/domain/policy.ts):
// db/ stores and parses it.
export * from "@/lib/domain/policy";
