// The one answer every server action in app/ gives its form, and the helpers forms read it with.
// Safe for client components: no server code here.

/**
 * What a form's server action returns. `at` lets a form tell two identical answers apart; on an
 * error, `fields` holds one message per input name and `values` (never passwords) refills the form,
 * which React clears after an action.
 */
export type FormState<T = unknown> =
  | { status: "idle" }
  | { status: "ok"; value: T; at: number }
  | { status: "error"; error: string; fields: Record<string, string>; at: number; values?: Record<string, string> };

/** A server action as `useActionState` calls it. */
export type FormAction<T = unknown> = (prev: FormState, form: FormData) => Promise<FormState<T>>;

/** The state before the first submit; fits every FormState<T>. */
export const IDLE: { status: "idle" } = { status: "idle" };

/** What the person typed into `name`, after an action that failed. */
export function typed(s: FormState, name: string): string | undefined {
  return s.status === "error" ? s.values?.[name] : undefined;
}
