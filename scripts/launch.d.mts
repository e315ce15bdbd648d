export declare const ENTRIES: Record<string, string>;
/** Bundles entry `name` into .build/scripts; the bundle's path. */
export declare function buildEntry(name: string): Promise<string>;
/** The bundle of `name`, built first when missing or older than its sources. */
export declare function ensureBundle(name: string): Promise<string>;
/** Runs entry `name` in this process; it reads its own arguments from process.argv.slice(2). */
export declare function runBundled(name: string): Promise<void>;
