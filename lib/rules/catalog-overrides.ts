import type { CodeCategory } from "@/lib/domain/enums";

/**
 * Categories decided here rather than taken from the CSV: rows the CSV leaves empty or marks
 * ambiguous. Each entry carries the one-line reason; catalog.ts applies them over the CSV.
 */
export const CATEGORY_OVERRIDES: Record<string, { category: CodeCategory; reason: string }> = {
  "02": { category: "cardholder", reason: "Issuer referral about the card; the host answered, so the terminal works." },
  "07": { category: "cardholder", reason: "Pick-up order for a risky card; nothing about the terminal." },
  "16": { category: "none", reason: "An approval variant (track 3 update); approvals are never a fault." },
  "22": { category: "operation", reason: "Related-transaction error: void/completion out of order; re-sign-in and redo." },
  "33": { category: "cardholder", reason: "Expired card, pick up: card status." },
  "34": { category: "cardholder", reason: "Suspected fraud, pick up: card risk." },
  "35": { category: "cardholder", reason: "Pick-up card, contact security: card risk." },
  "36": { category: "cardholder", reason: "Restricted card, pick up: card risk." },
  "37": { category: "cardholder", reason: "Pick-up card, call acquirer security: card risk." },
  "93": { category: "cardholder", reason: "Legal block on this transaction, not a terminal condition." },
  Y3: {
    category: "network",
    reason: "Approved offline only because the terminal could not go online; repeated, it is a link problem.",
  },
  Z3: { category: "network", reason: "Declined because the terminal could not go online." },
  T_BATTERY_LOW: { category: "hardware", reason: "Low battery is a device condition (设备故障: 电量不足)." },
  T_BATTERY_FAULT: { category: "hardware", reason: "A battery or charger that will not hold charge is a device fault." },
  T_CARD_READ_FAIL: {
    category: "hardware",
    reason: "Repeated across many cards it is the reader; the code threshold filters single bad cards.",
  },
  T_FW_VERSION_LOW: { category: "policy_firmware", reason: "The host demands a newer version before trading." },
};
