import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { Download, Gift, Inbox, Plus, Search, Wallet } from "lucide-react";
import {
  Alert,
  Badge,
  BrandScope,
  Button,
  buttonVariants,
  Card,
  CardContent,
  CardDescription,
  CardFooter,
  CardHeader,
  CardTitle,
  EmptyState,
  Field,
  Input,
  Label,
  Money,
  PageHeader,
  REWARD_STATUSES,
  Select,
  Skeleton,
  Spinner,
  Stat,
  StatusBadge,
  Table,
  TBody,
  TD,
  TH,
  THead,
  TR,
  Textarea,
  type BadgeVariant,
  type ButtonSize,
  type ButtonVariant,
} from "@/components/ui";
import { DialogDemo, LoadingButtonDemo, ToastDemo } from "@/components/dev/ui-demo";
import { CURRENCIES } from "@/lib/money/currency";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "UI kit",
  robots: { index: false, follow: false },
};

const buttonVariantNames: ButtonVariant[] = ["primary", "secondary", "outline", "ghost", "danger", "link"];
const buttonSizeNames: Exclude<ButtonSize, "icon">[] = ["sm", "md", "lg"];
const badgeVariantNames: BadgeVariant[] = ["neutral", "success", "warning", "danger", "info", "brand"];

const swatches = [
  ["background", "bg-background"],
  ["surface", "bg-surface"],
  ["surface-muted", "bg-surface-muted"],
  ["border", "bg-border"],
  ["foreground", "bg-foreground"],
  ["muted-foreground", "bg-muted-foreground"],
  ["brand", "bg-brand"],
  ["brand-subtle", "bg-brand-subtle"],
  ["success", "bg-success-solid"],
  ["warning", "bg-warning-solid"],
  ["danger", "bg-danger-solid"],
  ["info", "bg-info-solid"],
] as const;

const rewards = [
  { id: "rw_01", member: "Ana Ferreira", store: "Café Lusitano", amount: 320n, status: "AVAILABLE", date: "12 Mar 2026" },
  { id: "rw_02", member: "João Silva", store: "Livraria Bertrand", amount: 1250n, status: "PENDING_REVIEW", date: "11 Mar 2026" },
  { id: "rw_03", member: "Marta Costa", store: "Padaria Real", amount: 85n, status: "HELD", date: "10 Mar 2026" },
  { id: "rw_04", member: "Rui Santos", store: "Café Lusitano", amount: 42000n, status: "PENDING", date: "09 Mar 2026" },
  { id: "rw_05", member: "Inês Rocha", store: "Farmácia Central", amount: -1500n, status: "REVERSED", date: "08 Mar 2026" },
  { id: "rw_06", member: "Pedro Alves", store: "Padaria Real", amount: 999n, status: "REJECTED", date: "07 Mar 2026" },
] as const;

function Section({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-4">
      <div>
        <h2 className="text-lg font-semibold tracking-tight">{title}</h2>
        {description ? <p className="text-sm text-muted-foreground">{description}</p> : null}
      </div>
      {children}
    </section>
  );
}

export default function UiShowcasePage() {
  // A development tool: not shipped on a production install unless it is a demo.
  if (process.env.NODE_ENV === "production" && process.env.BOOMERANG_DEMO !== "1") notFound();
  return (
    <main className="mx-auto flex w-full max-w-6xl flex-col gap-14 px-4 py-10 sm:px-6 lg:px-8">
      <PageHeader
        eyebrow="Design system"
        title="Boomerang UI"
        description="Every component in its states. Colours follow the system light/dark preference."
        actions={
          <>
            <Button variant="outline">
              <Download aria-hidden="true" /> Export
            </Button>
            <Button>
              <Plus aria-hidden="true" /> New program
            </Button>
          </>
        }
      />

      <Section title="Tokens">
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-6">
          {swatches.map(([name, cls]) => (
            <div key={name} className="flex flex-col gap-1.5">
              <div className={`h-14 rounded-lg border border-border ${cls}`} />
              <span className="font-mono text-xs text-muted-foreground">{name}</span>
            </div>
          ))}
        </div>
      </Section>

      <Section title="Buttons" description="44px tall on mobile, compact from the sm breakpoint.">
        <Card>
          <CardContent className="flex flex-col gap-5">
            {buttonSizeNames.map((size) => (
              <div key={size} className="flex flex-wrap items-center gap-3">
                <span className="w-8 font-mono text-xs text-muted-foreground">{size}</span>
                {buttonVariantNames.map((variant) => (
                  <Button key={variant} variant={variant} size={size}>
                    {variant[0]?.toUpperCase()}
                    {variant.slice(1)}
                  </Button>
                ))}
              </div>
            ))}
            <div className="flex flex-wrap items-center gap-3">
              <span className="w-8 font-mono text-xs text-muted-foreground">state</span>
              <Button loading>Saving</Button>
              <Button variant="outline" loading>
                Loading
              </Button>
              <Button disabled>Disabled</Button>
              <Button size="icon" aria-label="Search">
                <Search aria-hidden="true" />
              </Button>
              <Button size="icon" variant="outline" aria-label="Wallet">
                <Wallet aria-hidden="true" />
              </Button>
              <Button size="icon" variant="ghost" loading aria-label="Refreshing">
                <Search aria-hidden="true" />
              </Button>
              <Link href="/ui" className={buttonVariants({ variant: "outline" })}>
                Link as button
              </Link>
              <Link href="/ui" className={buttonVariants({ variant: "link" })}>
                Plain link
              </Link>
            </div>
            <LoadingButtonDemo />
          </CardContent>
        </Card>
      </Section>

      <Section title="Form controls">
        <Card>
          <CardContent className="grid gap-6 md:grid-cols-2">
            <Field label="Email" hint="We’ll send a sign-in link." required>
              <Input type="email" placeholder="you@example.com" autoComplete="email" />
            </Field>
            <Field label="Amount to withdraw" error="Amount exceeds your available balance of €42.50">
              <Input inputMode="decimal" defaultValue="120.00" className="tabular-nums" />
            </Field>
            <Field label="Payout currency">
              <Select defaultValue="EUR">
                {CURRENCIES.filter((c) => c !== "PTS").map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Program slug" hint="Can’t be changed after launch.">
              <Input defaultValue="cafe-lusitano" disabled />
            </Field>
            <Field label="Reason for rejection" hint="Shown to the member." className="md:col-span-2">
              <Textarea placeholder="The receipt is unreadable…" />
            </Field>
            <Field label="Custom control (render prop)">
              {(control) => (
                <Input {...control} type="search" placeholder="Search members" />
              )}
            </Field>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="bare-input">Bare Label + Input</Label>
              <Input id="bare-input" readOnly defaultValue="Read-only value" />
            </div>
          </CardContent>
        </Card>
      </Section>

      <Section title="Alerts">
        <div className="grid gap-3 md:grid-cols-2">
          <Alert variant="info" title="Rewards are reviewed within 48 hours">
            You’ll get a notification when they become available.
          </Alert>
          <Alert variant="success" title="Program published">
            Members can now join with your link.
          </Alert>
          <Alert variant="warning" title="Balance running low">
            Top up your float to keep paying cashback.
          </Alert>
          <Alert variant="danger" title="We couldn’t process this withdrawal">
            Your balance was not changed. Check the IBAN and try again.
          </Alert>
        </div>
      </Section>

      <Section title="Badges">
        <div className="flex flex-wrap gap-2">
          {badgeVariantNames.map((v) => (
            <Badge key={v} variant={v}>
              {v}
            </Badge>
          ))}
          {badgeVariantNames.map((v) => (
            <Badge key={`${v}-o`} variant={v} appearance="outline" dot>
              {v}
            </Badge>
          ))}
        </div>
        <div className="flex flex-wrap gap-2">
          {REWARD_STATUSES.map((s) => (
            <StatusBadge key={s} status={s} />
          ))}
        </div>
      </Section>

      <Section title="Money" description="Minor units in, exact BigInt formatting out.">
        <Card>
          <CardContent className="grid gap-x-8 gap-y-2 text-sm sm:grid-cols-2">
            {CURRENCIES.map((c) => (
              <div key={c} className="flex justify-between border-b border-border py-2">
                <span className="text-muted-foreground">{c}</span>
                <Money amountMinor={125000n} currency={c} className="font-medium" />
              </div>
            ))}
            <div className="flex justify-between border-b border-border py-2">
              <span className="text-muted-foreground">Negative, coloured</span>
              <Money amountMinor={-4250n} currency="EUR" colored />
            </div>
            <div className="flex justify-between border-b border-border py-2">
              <span className="text-muted-foreground">Ledger credit</span>
              <Money amountMinor={320n} currency="EUR" signDisplay="always" colored />
            </div>
            <div className="flex justify-between gap-4 border-b border-border py-2 sm:col-span-2">
              <span className="text-muted-foreground">Beyond 2^53</span>
              <Money amountMinor="123456789012345678901" currency="USD" className="truncate" />
            </div>
          </CardContent>
        </Card>
      </Section>

      <Section title="Stats">
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Stat label="Available" icon={<Wallet />} value={<Money amountMinor={4250n} currency="EUR" />} hint="Ready to withdraw" />
          <Stat label="Pending" value={<Money amountMinor={1870n} currency="EUR" />} hint="3 rewards in review" />
          <Stat label="Points" icon={<Gift />} value={<Money amountMinor={1250n} currency="PTS" />} />
          <Stat label="Members" value="2,431" hint="+124 this month" />
        </div>
      </Section>

      <Section title="Table" description="Scrolls horizontally on small screens; amounts right-aligned.">
        <Table label="Recent rewards">
          <THead>
            <TR>
              <TH>Member</TH>
              <TH>Store</TH>
              <TH>Date</TH>
              <TH>Status</TH>
              <TH numeric>Amount</TH>
            </TR>
          </THead>
          <TBody>
            {rewards.map((r) => (
              <TR key={r.id}>
                <TD className="font-medium whitespace-nowrap">{r.member}</TD>
                <TD className="whitespace-nowrap text-muted-foreground">{r.store}</TD>
                <TD className="whitespace-nowrap text-muted-foreground">{r.date}</TD>
                <TD>
                  <StatusBadge status={r.status} />
                </TD>
                <TD numeric>
                  <Money amountMinor={r.amount} currency="EUR" />
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      </Section>

      <Section title="Cards">
        <div className="grid gap-4 md:grid-cols-2">
          <Card>
            <CardHeader>
              <CardTitle>Café Lusitano rewards</CardTitle>
              <CardDescription>5% cashback on every purchase over €5.</CardDescription>
            </CardHeader>
            <CardContent>
              <div className="text-3xl font-semibold tracking-tight">
                <Money amountMinor={4250n} currency="EUR" />
              </div>
              <p className="text-sm text-muted-foreground">Available balance</p>
            </CardContent>
            <CardFooter className="justify-end">
              <Button variant="ghost">History</Button>
              <Button>Withdraw</Button>
            </CardFooter>
          </Card>
          <Card aria-busy="true">
            <CardHeader>
              <Skeleton className="h-5 w-40" />
              <Skeleton className="h-4 w-64" />
            </CardHeader>
            <CardContent className="flex flex-col gap-3">
              <Skeleton className="h-9 w-32" />
              <Skeleton className="h-4 w-full" />
              <Skeleton className="h-4 w-5/6" />
            </CardContent>
            <CardFooter className="justify-between">
              <span className="flex items-center gap-2 text-sm text-muted-foreground">
                <Spinner size="sm" decorative /> Loading program…
              </span>
              <Spinner label="Loading program" />
            </CardFooter>
          </Card>
        </div>
      </Section>

      <Section title="Empty state">
        <EmptyState
          icon={<Inbox />}
          title="No rewards yet"
          description="When members shop at your stores, their cashback shows up here."
          action={
            <Link href="/ui" className={buttonVariants({ variant: "outline" })}>
              Share your join link
            </Link>
          }
        />
      </Section>

      <Section title="Dialogs" description="Native <dialog>: Escape and backdrop close it; confirm dialogs guard money moves.">
        <DialogDemo />
      </Section>

      <Section title="Toasts">
        <ToastDemo />
      </Section>

      <Section title="Program branding" description="BrandScope sets --brand; foreground picks the readable text colour.">
        <div className="grid gap-4 md:grid-cols-3">
          {[
            { name: "Default (Boomerang)", color: null },
            { name: "Livraria (violet)", color: "#6d28d9" },
            { name: "Padaria (yellow)", color: "#facc15" },
          ].map((p) => (
            <BrandScope key={p.name} color={p.color}>
              <Card>
                <CardHeader>
                  <CardTitle>{p.name}</CardTitle>
                  <CardDescription>
                    <Badge variant="brand" dot>
                      Member
                    </Badge>
                  </CardDescription>
                </CardHeader>
                <CardContent className="flex flex-wrap items-center gap-3">
                  <Button>Withdraw</Button>
                  <Button variant="outline">Details</Button>
                  <Link href="/ui" className={buttonVariants({ variant: "link" })}>
                    Terms
                  </Link>
                </CardContent>
              </Card>
            </BrandScope>
          ))}
        </div>
      </Section>
    </main>
  );
}
