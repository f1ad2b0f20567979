// Firmware version order lives in the shared kernel (lib/domain/version.ts): db/ judges compliance with it.
export * from "@/lib/domain/version";
