import { parseArgs } from "node:util";
import { z } from "zod";
import { resolveDatabase } from "@/dev/embedded-db";
import { recallAppUrl } from "@/dev/launch-options";
import { DomainError } from "@/lib/errors";
import { bankingCommands } from "@/lib/banking/cli-commands";
import { billingCommands } from "@/lib/billing/cli-commands";
import { providerCommands } from "@/lib/providers/cli-commands";
import { redemptionCommands } from "@/lib/redemptions/cli-commands";
import { withdrawalCommands } from "@/lib/withdrawals/cli-commands";
import { webhookCommands } from "@/lib/webhooks-out/cli-commands";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { commands as coreCommands } from "./commands";

const commands = { ...coreCommands, ...billingCommands, ...bankingCommands, ...withdrawalCommands, ...redemptionCommands, ...providerCommands, ...webhookCommands };

/**
 * Operator CLI: `npm run boomerang -- <command> [--flag value …]`. Prints one JSON document on stdout;
 * failures print {"error": {...}} and exit 1.
 */
async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    const list = Object.entries(commands).map(([n, c]) => `  ${n.padEnd(20)} ${c.summary}`).join("\n");
    process.stderr.write(`usage: npm run boomerang -- <command> [options]\n\ncommands:\n${list}\n`);
    return name ? 2 : 0;
  }
  const { values } = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: false });
  recallAppUrl();
  const database = await resolveDatabase({ log: (m) => process.stderr.write(`${m}\n`) });
  process.env.DATABASE_URL = database.url;
  const { disconnectDb } = await import("@/lib/db/client");
  try {
    const result = await command.run(values);
    process.stdout.write(`${JSON.stringify(result, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`);
    return result && typeof result === "object" && "exitCode" in result && typeof result.exitCode === "number" ? result.exitCode : 0;
  } finally {
    await disconnectDb();
    await database.stop();
  }
}

// A pooled connection that drops while idle must not crash the command: the query that needed it fails on its own.
process.on("uncaughtException", (error) => {
  if (isDatabaseUnavailable(error)) {
    process.stderr.write(`database connection lost: ${error.message}\n`);
    return;
  }
  fail(error);
});

function fail(error: unknown): never {
  const body =
    error instanceof DomainError
      ? { code: error.code, message: error.message, field: error.field }
      : error instanceof z.ZodError
        ? { code: "VALIDATION", message: error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("; ") }
        : { code: "ERROR", message: error instanceof Error ? error.message : String(error) };
  process.stdout.write(`${JSON.stringify({ error: body }, null, 2)}\n`);
  process.exit(1);
}

main().then(
  (code) => process.exit(code),
  fail,
);
