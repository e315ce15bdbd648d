import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { Badge, Button, EmptyState, Input, PageHeader, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import { ReasonActionButton } from "@/components/admin/reason-action-button";
import { findPeople } from "@/lib/admin/find-people";
import { findPendingSignups } from "@/lib/admin/pending-signups";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { resendSignupConfirmationAction } from "./actions";

export const metadata: Metadata = { title: "People" };

const searchSchema = z.object({ q: z.string().trim().max(200).optional().catch(undefined) });

export default async function PeoplePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/admin/people");
  if (!user.roles.admin) notFound();
  const { q } = searchSchema.parse(await searchParams);
  const [people, signups] = q ? await Promise.all([findPeople(db, { q }), findPendingSignups(db, { q })]) : [[], []];
  return (
    <div className="space-y-6">
      <PageHeader title="People" description="Look someone up for support: by e-mail, name, member code or id." />
      <form className="flex flex-wrap items-end gap-3" role="search" action="/admin/people">
        <div className="flex flex-col gap-1">
          <label htmlFor="people-q" className="text-sm font-medium">
            E-mail, name, member code or id
          </label>
          <Input id="people-q" name="q" defaultValue={q ?? ""} className="w-96" />
        </div>
        <Button type="submit" variant="outline">
          Look up
        </Button>
      </form>
      {signups.length > 0 ? (
        <Table>
          <THead>
            <TR>
              <TH>Sign-up not confirmed yet</TH>
              <TH>Asked</TH>
              <TH>Link expires</TH>
              <TH className="text-right">Action</TH>
            </TR>
          </THead>
          <TBody>
            {signups.map((s) => (
              <TR key={s.email}>
                <TD>
                  {s.name ? `${s.name} · ` : ""}
                  {s.email}
                </TD>
                <TD>{s.requestedAt.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC</TD>
                <TD>{s.expiresAt.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC</TD>
                <TD className="text-right">
                  <ReasonActionButton
                    label="Resend confirmation"
                    title={`Send ${s.email} a new confirmation link?`}
                    description="A fresh link, valid 24 hours, for the sign-up they started."
                    input={{ email: s.email }}
                    run={resendSignupConfirmationAction}
                    done={`Confirmation sent to ${s.email}.`}
                    variant="outline"
                  />
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      ) : null}
      {!q ? null : people.length === 0 && signups.length === 0 ? (
        <EmptyState title="Nobody matches" description="Try the full e-mail address or the member code on their card." />
      ) : people.length === 0 ? null : (
        <Table>
          <THead>
            <TR>
              <TH>Person</TH>
              <TH>E-mail</TH>
              <TH>Since</TH>
            </TR>
          </THead>
          <TBody>
            {people.map((p) => (
              <TR key={p.id}>
                <TD>
                  <Link href={`/admin/people/${p.id}`} className="font-medium text-brand-emphasis underline-offset-4 hover:underline">
                    {p.name ?? p.email}
                  </Link>{" "}
                  {p.isAdmin ? <Badge variant="info">admin</Badge> : null} {p.deleted ? <Badge variant="neutral">deleted</Badge> : null}
                </TD>
                <TD>{p.email}</TD>
                <TD>{p.createdAt.toLocaleDateString("en-GB", { dateStyle: "medium" })}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}
