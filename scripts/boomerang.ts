// `tsx scripts/boomerang.ts …` still works for old callers, without compiling the tree: it runs the bundled CLI.
import { runBundled } from "./launch.mjs";

await runBundled("boomerang");
