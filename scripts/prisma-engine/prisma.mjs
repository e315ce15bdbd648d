#!/usr/bin/env node
// `node scripts/prisma-engine/prisma.mjs <prisma args>`: the Prisma CLI with the offline schema-engine bridge,
// in plain Node (no tsx), for `postinstall` (prisma generate) on a fresh install. Same environment as
// prismaEnv() in scripts/db-lib.ts.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const child = spawn(process.execPath, [path.join(root, "node_modules", "prisma", "build", "index.js"), ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: path.join(here, "schema-engine.mjs"),
    CHECKPOINT_DISABLE: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
