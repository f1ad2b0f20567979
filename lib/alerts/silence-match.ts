// Is an alert inside a maintenance window? Pure, shared by composing and by the pages.
import type { ProblemCategory } from "@/lib/domain/enums";

export interface SilenceRule {
  agentPath: string;
  city: string | null;
  category: ProblemCategory | null;
}

export function isMuted(silences: readonly SilenceRule[], a: { agentPath: string; city: string; category: ProblemCategory }): boolean {
  return silences.some((s) => a.agentPath.startsWith(s.agentPath) && (s.city === null || s.city === a.city) && (s.category === null || s.category === a.category));
}
