"use server";

import { z } from "zod";
import { memberAction } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { joinProgram } from "@/lib/members/join-program";

export const joinProgramAction = memberAction(z.object({ programId: z.uuid("Unknown program") }), async ({ programId }, { user }) => {
  const member = await joinProgram(db, { userId: user.id, programId });
  return { memberId: member.id, code: member.code };
});
