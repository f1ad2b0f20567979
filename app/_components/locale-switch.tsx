"use client";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { LOCALE_COOKIE } from "@/lib/i18n/config";

interface Props {
  current: string;
  label: string;
  options: { value: string; label: string }[];
}

/** Remembers the choice in the NEXT_LOCALE cookie for a year, then re-renders the page on the server. */
export function LocaleSwitch({ current, label, options }: Props) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const choose = (value: string) => {
    document.cookie = `${LOCALE_COOKIE}=${value}; path=/; max-age=31536000; samesite=lax`;
    start(() => router.refresh());
  };
  return (
    <div className="locale" role="group" aria-label={label} aria-busy={pending}>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          lang={o.value}
          className={o.value === current ? "locale-btn active" : "locale-btn"}
          aria-pressed={o.value === current}
          onClick={() => choose(o.value)}
          disabled={pending}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
