import { defineConfig } from "prisma/config";

// The CLI always runs through scripts/db.ts, which resolves DATABASE_URL (the configured server or
// the embedded database) and points PRISMA_SCHEMA_ENGINE_BINARY at our offline engine bridge.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    url: process.env.DATABASE_URL ?? "",
    shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL,
  },
});
