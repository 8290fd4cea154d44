// npm run seed: creates the demo school in an empty database (migrating it first).
import { prepareDatabase } from "../lib/db/prepare";
import { fail, loadConfig, openConfiguredDatabase } from "./_bootstrap";

try {
  const handle = await openConfiguredDatabase(loadConfig());
  const { seededNow } = await prepareDatabase(handle, { seedDemo: true });
  console.log(seededNow ? `Seeded the demo school in ${handle.location}` : "A school already exists; nothing to seed.");
  await handle.close();
} catch (error) {
  fail(error);
}
