// `npm run test:pg`: one throwaway PostgreSQL 15 cluster for the whole run (a temp data dir, a
// free port on 127.0.0.1, run as the postgres user when we are root), stopped afterwards. Every
// test file's freshDb() then creates its own database on it (PFH_TEST_PG_URL).
import { startTestCluster } from "@/tests/helpers/pg";

export default async function setup(): Promise<() => Promise<void>> {
  const cluster = await startTestCluster();
  process.env.PFH_TEST_PG_URL = cluster.url;
  return async () => {
    await cluster.stop();
  };
}
