import { getTranslations } from "next-intl/server";
import { Skeleton } from "@/app/_components/ui";

export default async function Loading() {
  return <Skeleton label={(await getTranslations("common"))("loading")} blocks={4} />;
}
