"use client";
// The frame every chart draws in: a sentence instead of an empty plot when there is nothing to
// show, and a sentence instead of a blank card when drawing fails (an error boundary, so one
// broken chart never takes the page down with it).
import { useTranslations } from "next-intl";
import { Component, type ReactNode } from "react";

class ChartBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

interface Props {
  /** No data to draw: show the empty sentence rather than axes without bars. */
  empty: boolean;
  testId?: string;
  emptyText?: string;
  children: ReactNode;
}

export function ChartFrame({ empty, testId, emptyText, children }: Props) {
  const t = useTranslations("charts");
  if (empty) {
    return (
      <div className="chart chart-state" data-testid={testId} data-state="empty">
        <p className="muted">{emptyText ?? t("empty")}</p>
      </div>
    );
  }
  return (
    <ChartBoundary
      fallback={
        <div className="chart chart-state" data-testid={testId} data-state="error" role="alert">
          <p>{t("error")}</p>
        </div>
      }
    >
      <div className="chart" data-testid={testId} data-state="ready">
        {children}
      </div>
    </ChartBoundary>
  );
}
