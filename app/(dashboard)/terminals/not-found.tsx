import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/app/_components/ui";

export default async function TerminalNotFound() {
  const t = await getTranslations("detail");
  return (
    <div className="stack">
      <h1>{t("notFoundTitle")}</h1>
      <EmptyState title={t("notFoundTitle")} body={t("notFoundGeneric")} action={<Link href="/terminals" className="btn">{t("backToList")}</Link>} />
    </div>
  );
}
