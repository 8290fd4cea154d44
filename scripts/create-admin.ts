// npm run create-admin -- --email head@school.org --name "Ada Head": the first administrator of a
// school that started without the demo (SEED_DEMO=false). Prints the one-time invitation link.
import { parseArgs } from "node:util";
import { prepareDatabase } from "../lib/db/prepare";
import { ConflictError, ValidationError } from "../lib/errors";
import { createAdminFromConsole } from "../lib/server/accounts/create-admin-from-console";
import { fail, loadConfig, openConfiguredDatabase } from "./_bootstrap";

const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" } } });
if (!values.email || !values.name) {
  console.error('\nUsage: npm run create-admin -- --email head@school.org --name "Ada Head"\n');
  process.exit(1);
}
try {
  const handle = await openConfiguredDatabase(loadConfig());
  await prepareDatabase(handle, { seedDemo: false });
  const { link } = await createAdminFromConsole(handle.db, { email: values.email, name: values.name });
  await handle.close();
  console.log(`\nInvited ${values.email} as an administrator. The link works once, for 72 hours:\n\n  ${link}\n`);
} catch (error) {
  if (error instanceof ConflictError) {
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
  if (error instanceof ValidationError) {
    console.error(`\n${Object.entries(error.fieldErrors).map(([field, messages]) => `${field}: ${messages.join("; ")}`).join("\n")}\n`);
    process.exit(1);
  }
  fail(error);
}
