import { createRequire } from "node:module";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// The operator CLI, the worker and the app launcher run as esbuild bundles of our own sources (packages stay
// in node_modules), built into .build/ whenever one of those sources changed: tsx compiled the whole tree on
// every call (~6 s; ~12 s with both cores busy); a bundle starts in well under half that.
//
//   node scripts/launch.mjs <entry> [args…]   runs an entry, rebuilding it first if any of its sources changed
//   node scripts/launch.mjs --build           builds every entry (postinstall)

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outDir = path.join(root, ".build", "scripts");

export const ENTRIES = {
  boomerang: "scripts/cli/main.ts",
  worker: "scripts/worker.ts",
  "run-app": "scripts/run-app.ts",
};

/** Files that change how every bundle is built, beside the sources esbuild reports. */
const BUILD_INPUTS = ["scripts/launch.mjs", "tsconfig.json", "package.json"];

const bundleFile = (name) => path.join(outDir, `${name}.cjs`);
const manifestFile = (name) => path.join(outDir, `${name}.inputs.json`);

/** Size and mtime of `file`; "changed" when it was written after `since` (during a build that read it). */
function fingerprint(file, since = Infinity) {
  try {
    const stat = statSync(path.join(root, file));
    return stat.mtimeMs >= since ? "changed" : `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return "missing";
  }
}

/** True when the bundle exists and every file it was built from is as it was then (size and mtime). */
function isFresh(name) {
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(manifestFile(name), "utf8")).inputs;
    statSync(bundleFile(name));
  } catch {
    return false;
  }
  return Object.entries(inputs).every(([file, print]) => fingerprint(file) === print);
}

function writeAtomically(file, contents) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}

/**
 * Our code reads its own location (`import.meta.url`) to find the project root; in one bundle every module
 * would see the bundle's. Each module keeps its own: the original file's URL is written in.
 */
const ownLocation = {
  name: "own-import-meta-url",
  setup(build) {
    build.onLoad({ filter: /\.(ts|mts|mjs)$/ }, (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = readFileSync(args.path, "utf8");
      const contents = source.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href));
      return { contents, loader: args.path.endsWith(".mjs") ? "js" : "ts" };
    });
  },
};

/** `server-only` throws outside React Server Components; these processes run the server modules directly. */
const serverOnly = {
  name: "server-only",
  setup(build) {
    build.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: "empty" }));
    build.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "", loader: "js" }));
  },
};

export async function buildEntry(name) {
  const entry = ENTRIES[name];
  if (!entry) throw new Error(`unknown entry "${name}" (one of ${Object.keys(ENTRIES).join(", ")})`);
  const { build } = await import("esbuild");
  mkdirSync(outDir, { recursive: true });
  // A file edited while the build reads it is recorded as changed: the next call builds again.
  // (mtimes come from a coarser clock than Date.now: a small margin.)
  const started = Date.now() - 50;
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    // CommonJS: packages load through require(), which skips the export scan Node runs on CommonJS packages
    // imported from ESM (plaid alone costs ~0.5 s more through import()). ESM-only packages load through
    // require(esm) (Node >= 20.19).
    format: "cjs",
    target: "node20",
    // Packages (pg, @prisma/*, argon2, sharp, stripe, plaid, pg-boss, next, …) load from node_modules as usual.
    packages: "external",
    tsconfig: path.join(root, "tsconfig.json"),
    plugins: [serverOnly, ownLocation],
    write: false,
    metafile: true,
    sourcemap: "linked",
    outfile: bundleFile(name),
    logLevel: "warning",
  });
  const inputs = {};
  for (const file of [...BUILD_INPUTS, ...Object.keys(result.metafile.inputs)]) {
    if (!file.includes(":")) inputs[file] = fingerprint(file, started);
  }
  for (const out of result.outputFiles) writeAtomically(out.path, out.contents);
  writeAtomically(manifestFile(name), JSON.stringify({ entry, inputs }, null, 1));
  return bundleFile(name);
}

/** The bundle of `name`, built first when missing or older than its sources. */
export async function ensureBundle(name) {
  return isFresh(name) ? bundleFile(name) : buildEntry(name);
}

/** Long-running processes map stack traces to the sources; for a short CLI call that costs ~0.1 s. */
const SOURCE_MAPPED = new Set(["worker", "run-app"]);

/** Runs entry `name` in this process; it reads its own arguments from process.argv.slice(2). */
export async function runBundled(name) {
  const file = await ensureBundle(name);
  if (SOURCE_MAPPED.has(name)) process.setSourceMapsEnabled(true);
  createRequire(import.meta.url)(file);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [name] = process.argv.splice(2, 1);
  if (name === "--build") {
    // An install without dev dependencies has no esbuild: it then needs the bundles built elsewhere.
    const hasEsbuild = await import("esbuild").then(() => true, () => false);
    if (hasEsbuild) for (const entry of Object.keys(ENTRIES)) await buildEntry(entry);
    else process.stderr.write("esbuild is not installed: skipped bundling the CLI, worker and launcher\n");
  } else if (name && name in ENTRIES) {
    await runBundled(name);
  } else {
    process.stderr.write(`usage: node scripts/launch.mjs <${Object.keys(ENTRIES).join(" | ")} | --build> [args…]\n`);
    process.exit(2);
  }
}
