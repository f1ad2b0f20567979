// `npm run users:create -- --email E --role admin|manager|viewer --agent CODE [--name NAME]`:
// creates a user with a generated temporary password, printed once, alone on the last line.
import { parseArgs } from "node:util";
import { closeDb, prepareDb } from "@/db/client";
import { systemScope } from "@/lib/auth/scope";
import { createUser } from "@/lib/auth/users";
import { AppError } from "@/lib/errors";

const usage = "usage: npm run users:create -- --email <e-mail> --role <admin|manager|viewer> --agent <agent code> [--name <name>]";

async function main(): Promise<number> {
  let values: { email?: string; role?: string; agent?: string; name?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { email: { type: "string" }, role: { type: "string" }, agent: { type: "string" }, name: { type: "string" }, help: { type: "boolean" } } }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const missing = (["email", "role", "agent"] as const).filter((k) => !values[k]);
  if (missing.length) {
    console.error(`missing ${missing.map((m) => `--${m}`).join(", ")}\n${usage}`);
    return 2;
  }
  const db = await prepareDb();
  try {
    const name = values.name ?? values.email!.split("@")[0]!;
    const { id, temporaryPassword } = await createUser(db, await systemScope(db), { email: values.email, name, role: values.role, agent: values.agent }, Date.now());
    console.error(`user #${id} ${values.email!.toLowerCase()} (${values.role} of ${values.agent}) created; the temporary password is shown only now and must be changed at first sign-in:`);
    console.log(temporaryPassword);
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      console.error(`${err.message}\n${usage}`);
      return 1;
    }
    throw err;
  } finally {
    await closeDb();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  },
);
