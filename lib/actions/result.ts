import type { ErrorCode } from "@/lib/errors";

export type ActionError = { code: ErrorCode; message: string; field?: string };
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };
