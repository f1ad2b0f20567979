// The signed-in person in the header: name, role, a link to their settings and sign-out.
// A server component; put it in the dashboard header. Renders nothing when signed out.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { signOutAction } from "@/app/(auth)/actions";
import { getCurrentCaller } from "@/lib/auth/current";

export async function UserMenu() {
  const caller = await getCurrentCaller();
  if (!caller) return null;
  const t = await getTranslations("auth");
  const { user } = caller;
  return (
    <div className="user-menu" data-testid="user-menu" style={{ display: "flex", alignItems: "center", gap: "0.5rem", marginLeft: "0.75rem" }}>
      <Link href="/settings" title={`${user.email} · ${user.agentName}`} style={{ display: "grid", lineHeight: 1.2 }}>
        <span data-testid="user-name">{user.name}</span>
        <small className="muted" data-testid="user-role">
          {t(`role.${user.role}`)} · {user.agentCode}
        </small>
      </Link>
      <form action={signOutAction}>
        <button type="submit" className="btn ghost">
          {t("signOut")}
        </button>
      </form>
    </div>
  );
}
