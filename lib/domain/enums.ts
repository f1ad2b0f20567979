// Every enum of the domain is defined once here and reused by the drizzle schema, the zod
// parsers and the UI label/colour maps.
export const NETWORKS = ["4G", "3G", "2G", "WIFI", "NONE"] as const;
export type Network = (typeof NETWORKS)[number];

export const STATUSES = ["online", "offline"] as const;
export type Status = (typeof STATUSES)[number];

export const CATEGORIES = ["healthy", "hardware", "network", "operation", "policy_firmware"] as const;
export type Category = (typeof CATEGORIES)[number];

export const PROBLEM_CATEGORIES = ["hardware", "network", "operation", "policy_firmware"] as const;
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];

/** Categories of the error-code catalogue: the four causes plus outcomes that say nothing about the terminal. */
export const CODE_CATEGORIES = [...PROBLEM_CATEGORIES, "cardholder", "none"] as const;
export type CodeCategory = (typeof CODE_CATEGORIES)[number];

export const SEVERITIES = ["ok", "warning", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CONFIDENCES = ["high", "low"] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export const ROLES = ["admin", "manager", "viewer"] as const;
export type Role = (typeof ROLES)[number];
