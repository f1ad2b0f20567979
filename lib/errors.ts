// The typed errors live in the shared kernel so db/ can raise them too.
export * from "@/lib/domain/errors";
