// Small presentational pieces shared by the pages. Server-safe: no hooks, labels come in as props.
import Link from "next/link";
import type { ReactNode } from "react";

export function Badge({ color, children, title }: { color: string; children: ReactNode; title?: string }) {
  return (
    <span className="badge" style={{ ["--badge" as string]: color }} title={title}>
      <span className="dot" aria-hidden />
      {children}
    </span>
  );
}

export function Card({ title, actions, children, className }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={className ? `card ${className}` : "card"}>
      {(title || actions) && (
        <div className="card-head">
          {title && <h2>{title}</h2>}
          {actions}
        </div>
      )}
      {children}
    </section>
  );
}

export function Stat({ label, value, href, color, testId, sub }: { label: string; value: string; href: string; color?: string; testId?: string; sub?: ReactNode }) {
  return (
    <Link href={href} className="stat" style={color ? { ["--accent" as string]: color } : undefined} data-testid={testId}>
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value}</span>
      {sub && <span className="stat-sub">{sub}</span>}
    </Link>
  );
}

export function EmptyState({ title, body, action }: { title: string; body: string; action?: ReactNode }) {
  return (
    <div className="empty" role="status">
      <p className="empty-title">{title}</p>
      <p>{body}</p>
      {action}
    </div>
  );
}

export function Skeleton({ label, blocks = 3 }: { label: string; blocks?: number }) {
  return (
    <div className="skeleton" role="status" aria-live="polite">
      <span className="sr-only">{label}</span>
      {Array.from({ length: blocks }, (_, i) => (
        <div key={i} className="skeleton-block" />
      ))}
    </div>
  );
}
