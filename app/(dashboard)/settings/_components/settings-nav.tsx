"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import styles from "../settings.module.css";

export function SettingsNav({ label, items }: { label: string; items: { href: string; label: string }[] }) {
  const path = usePathname();
  return (
    <nav aria-label={label} className={styles.subnav} data-testid="settings-nav">
      {items.map((i) => (
        <Link key={i.href} href={i.href} aria-current={path.startsWith(i.href) ? "page" : undefined}>
          {i.label}
        </Link>
      ))}
    </nav>
  );
}
