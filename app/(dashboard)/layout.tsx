import type { ReactNode } from "react";
import { requireScope } from "@/lib/auth/current";
import { Header } from "@/app/_components/header";

// Signed-in pages: one place to protect them and one shared header.
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  await requireScope();
  return (
    <>
      <Header />
      <main id="main" className="container">
        {children}
      </main>
    </>
  );
}
