import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card } from "@/app/_components/ui";
import { FIELDS } from "@/lib/onboarding/csv";
import { settingsCaller } from "../_lib/guard";
import { ImportForm } from "./import-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings.import"))("title") };
}

export default async function ImportPage() {
  await settingsCaller("/settings/import", "fleet:import");
  const t = await getTranslations("settings.import");
  return (
    <>
      <h1>{t("title")}</h1>
      <Card title={t("format")}>
        <p className="muted">{t("formatBody")}</p>
        <pre className="mono small">{`${FIELDS.join(",").replace("agent", "agent code")}\nSN10000001,P8,西湖茶馆,王五,13800000000,浙江,杭州,HZ`}</pre>
      </Card>
      <Card title={t("upload")}>
        <ImportForm />
      </Card>
    </>
  );
}
