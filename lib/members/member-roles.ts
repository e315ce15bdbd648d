import type { StaffRole } from "@/lib/db/generated/enums";

/** Goodwill and blocking move money or stop it: the owner only. Segments and tiers feed campaigns, which managers edit too. */
export const GOODWILL_ROLES: readonly StaffRole[] = ["OWNER"];
export const BLOCK_ROLES: readonly StaffRole[] = ["OWNER"];
export const SEGMENT_ROLES: readonly StaffRole[] = ["OWNER", "MANAGER"];
