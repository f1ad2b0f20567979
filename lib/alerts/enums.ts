// The alert enums live in the shared kernel (lib/domain/alerts.ts): the schema and db/ use them.
export * from "@/lib/domain/alerts";
