// Evidence facts live in the shared kernel (lib/domain/facts.ts).
export * from "@/lib/domain/facts";
