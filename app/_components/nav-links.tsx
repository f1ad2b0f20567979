"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

interface Props {
  label: string;
  items: { href: string; label: string }[];
  soon?: { label: string; hint: string };
}

export function NavLinks({ label, items, soon }: Props) {
  const path = usePathname();
  const active = (href: string) => (href === "/" ? path === "/" : path === href || path.startsWith(`${href}/`));
  return (
    <nav className="nav" aria-label={label}>
      {items.map((i) => (
        <Link key={i.href} href={i.href} className={active(i.href) ? "nav-link active" : "nav-link"} aria-current={active(i.href) ? "page" : undefined}>
          {i.label}
        </Link>
      ))}
      {soon && (
        <span className="nav-link disabled" title={soon.hint} aria-disabled>
          {soon.label}
        </span>
      )}
    </nav>
  );
}
