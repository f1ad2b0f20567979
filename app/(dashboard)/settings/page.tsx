// /settings shows the caller's own account: rendered here rather than redirected, because a
// redirect from inside the dashboard's loading boundary would reach the browser as a 200.
export { default, generateMetadata } from "./account/page";

export const dynamic = "force-dynamic";
