import type { Metadata } from "next";
import { Example, Fields, Inline, OperationCard, operationsOf } from "@/components/docs/api-reference";
import { Logo } from "@/components/shell/logo";
import { openApiDocument } from "@/lib/api/openapi";

export const metadata: Metadata = { title: "API reference", description: "Boomerang's public API: order events, balances and redemptions." };

type Doc = Parameters<typeof operationsOf>[0];

export default function ApiReferencePage() {
  // The document is plain JSON built from the zod schemas; the components read it as the OpenAPI shape it is.
  const doc = openApiDocument() as unknown as Doc;
  const ops = operationsOf(doc);
  const components = doc.components.schemas;
  const tags = [...new Set(ops.map((o) => o.tags[0]!))];
  const problemExample = { type: "https://boomerang.dev/problems/unprocessable", title: "Unprocessable request", status: 422, code: "insufficient_balance", detail: "Not enough spendable balance.", requestId: "0c0fa7b4-6d0c-4f5e-9f6e-2d1f3f3d6a11" };
  return (
    <div className="min-h-dvh">
      <header className="border-b border-border bg-surface">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-3 px-4 py-4 sm:px-6">
          <Logo />
          <nav className="flex gap-4 text-sm">
            <a className="underline underline-offset-4" href="/api/v1/openapi.json">
              openapi.json
            </a>
          </nav>
        </div>
      </header>
      <div className="mx-auto grid max-w-7xl gap-8 px-4 py-8 sm:px-6 lg:grid-cols-[15rem_minmax(0,1fr)]">
        <nav aria-label="Endpoints" className="text-sm lg:sticky lg:top-6 lg:max-h-[calc(100dvh-3rem)] lg:self-start lg:overflow-y-auto">
          <ul className="space-y-1">
            <li><a className="hover:underline" href="#authentication">Authentication</a></li>
            <li><a className="hover:underline" href="#errors">Errors</a></li>
          </ul>
          {tags.map((tag) => (
            <div key={tag} className="mt-4">
              <p className="font-semibold">{tag}</p>
              <ul className="mt-1 space-y-1">
                {ops.filter((o) => o.tags[0] === tag).map((o) => (
                  <li key={o.operationId}>
                    <a className="flex items-start gap-2 hover:underline" href={`#${o.operationId}`}>
                      <span className="w-11 shrink-0 font-mono text-xs uppercase text-muted-foreground">{o.method}</span>
                      <span>{o.summary}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
        <main className="min-w-0">
          <h1 className="text-3xl font-semibold tracking-tight">{doc.info.title}</h1>
          <p className="mt-3 max-w-3xl text-pretty text-muted-foreground">
            <Inline text={doc.info.description} />
          </p>
          <p className="mt-3 text-sm">
            The machine-readable document is at{" "}
            <a className="font-mono underline underline-offset-4" href="/api/v1/openapi.json">/api/v1/openapi.json</a>; the contracts and the earn and spend guides
            are in the repository&apos;s <code className="font-mono">docs/</code>.
          </p>

          <section id="authentication" className="mt-10 scroll-mt-6">
            <h2 className="text-xl font-semibold">Authentication</h2>
            <dl className="mt-3 space-y-3 text-sm">
              {Object.entries(doc.components.securitySchemes).map(([name, s]) => (
                <div key={name} id={`auth-${name}`} className="scroll-mt-6">
                  <dt className="font-mono font-medium">{name}</dt>
                  <dd className="text-muted-foreground">
                    <Inline text={String(s.description ?? "")} />
                  </dd>
                </div>
              ))}
            </dl>
          </section>

          <section id="errors" className="mt-10 scroll-mt-6">
            <h2 className="text-xl font-semibold">Errors</h2>
            <p className="mt-2 text-sm text-muted-foreground">
              Every error is <code className="font-mono">application/problem+json</code> (RFC 9457). Branch on <code className="font-mono">code</code>;{" "}
              <code className="font-mono">429</code> and <code className="font-mono">503</code> carry <code className="font-mono">Retry-After</code>.
            </p>
            <Fields schema={{ $ref: "#/components/schemas/Problem" }} components={components} caption="Problem fields" />
            <Example value={problemExample} label="Example problem" />
          </section>

          {tags.map((tag) => (
            <section key={tag} className="mt-12">
              <h2 className="text-xl font-semibold">{tag}</h2>
              <div className="mt-4 space-y-6">
                {ops.filter((o) => o.tags[0] === tag).map((o) => (
                  <OperationCard key={o.operationId} op={o} components={components} />
                ))}
              </div>
            </section>
          ))}
        </main>
      </div>
    </div>
  );
}
