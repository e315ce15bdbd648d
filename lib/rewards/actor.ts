import type { ActorType } from "@/lib/db/generated/enums";

/** Who or what caused a change: recorded on every reward event. */
export type Actor = { type: ActorType; id?: string | null };

export const SYSTEM: Actor = { type: "SYSTEM" };
