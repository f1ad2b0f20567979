// The diagnosis data shapes live in the shared kernel (lib/domain/diagnosis.ts): db/ stores them.
export * from "@/lib/domain/diagnosis";
