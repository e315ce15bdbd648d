import { resolveDatabase } from "@/dev/embedded-db";

const database = await resolveDatabase({ log: (m) => console.error(m) });
process.env.DATABASE_URL = database.url;
const { seedDemo } = await import("./seed");
const { disconnectDb } = await import("@/lib/db/client");
try {
  await seedDemo((m) => console.log(m));
} finally {
  await disconnectDb();
  await database.stop();
}
