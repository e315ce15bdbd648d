import { Fragment, type ReactNode } from "react";
import { Badge } from "@/components/ui";
import { cn } from "@/lib/utils/cn";

// The API reference, rendered on the server from the OpenAPI document (lib/api/openapi.ts): no script, no CDN.

type Schema = { [key: string]: unknown };
type Doc = { info: { title: string; description: string }; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema>; securitySchemes: Record<string, Schema> } };
type Parameter = { name: string; in: string; required: boolean; description?: string; schema: Schema; example?: unknown };
type Media = { schema: Schema; example?: unknown };
type Response = { description: string; headers?: Record<string, unknown>; content?: Record<string, Media> };
type Operation = {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  parameters?: Parameter[];
  requestBody?: { description?: string; content: Record<string, Media> };
  responses: Record<string, Response>;
  security: Record<string, string[]>[];
};

export type FlatOperation = Operation & { method: string; path: string };

export function operationsOf(doc: Doc): FlatOperation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ ...op, method, path })));
}

/** `code` and **bold** in the document's descriptions. */
export function Inline({ text }: { text: string }) {
  const parts = text.split(/(`[^`]+`|\*\*[^*]+\*\*)/g);
  return (
    <>
      {parts.map((p, i) =>
        p.startsWith("`") && p.endsWith("`") ? (
          <code key={i} className="rounded bg-surface-muted px-1 py-0.5 font-mono text-[0.85em] break-words">
            {p.slice(1, -1)}
          </code>
        ) : p.startsWith("**") ? (
          <strong key={i}>{p.slice(2, -2)}</strong>
        ) : (
          <Fragment key={i}>{p}</Fragment>
        ),
      )}
    </>
  );
}

const METHOD_TONE = { get: "info", post: "success" } as const;

export function MethodBadge({ method }: { method: string }) {
  return (
    <Badge variant={METHOD_TONE[method as keyof typeof METHOD_TONE] ?? "neutral"} className="font-mono uppercase">
      {method}
    </Badge>
  );
}

function resolve(schema: Schema, components: Record<string, Schema>): Schema {
  const ref = schema.$ref;
  return typeof ref === "string" ? (components[ref.split("/").at(-1)!] ?? schema) : schema;
}

/** A short type: `string`, `integer`, `"EUR" | "USD"`, `object`, `string[]`, with null when allowed. */
function typeOf(schema: Schema, components: Record<string, Schema>): string {
  const s = resolve(schema, components);
  if (Array.isArray(s.anyOf) && !s.properties) return [...new Set((s.anyOf as Schema[]).map((b) => typeOf(b, components)))].join(" | ");
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map((v) => JSON.stringify(v)).join(" | ");
  if ("const" in s) return JSON.stringify(s.const);
  if (s.type === "array") return `${typeOf((s.items as Schema) ?? {}, components)}[]`;
  if (Array.isArray(s.type)) return s.type.join(" | ");
  if (typeof s.type === "string") return s.type;
  return "any";
}

function constraints(s: Schema): string[] {
  const out: string[] = [];
  if (typeof s.format === "string") out.push(s.format);
  if (typeof s.minimum === "number") out.push(`≥ ${s.minimum}`);
  if (typeof s.maximum === "number") out.push(`≤ ${s.maximum}`);
  if (typeof s.minLength === "number" && s.minLength > 1) out.push(`≥ ${s.minLength} chars`);
  if (typeof s.maxLength === "number") out.push(`≤ ${s.maxLength} chars`);
  if (typeof s.maxItems === "number") out.push(`≤ ${s.maxItems} items`);
  if ("default" in s) out.push(`default ${JSON.stringify(s.default)}`);
  return out;
}

type Row = { name: string; type: string; required: boolean; notes: string[]; description?: string };

/** An object's fields, nested ones as dotted paths (`customer.email`, `items[].sku`). */
function rows(schema: Schema, components: Record<string, Schema>, prefix = "", depth = 0): Row[] {
  let s = resolve(schema, components);
  if (Array.isArray(s.anyOf) && !s.properties) s = resolve((s.anyOf as Schema[]).find((b) => b.type !== "null") ?? s, components);
  if (s.type === "array" && s.items) return rows(s.items as Schema, components, `${prefix}[]`, depth);
  const properties = s.properties as Record<string, Schema> | undefined;
  if (!properties || depth > 4) return [];
  const required = new Set((s.required as string[] | undefined) ?? []);
  return Object.entries(properties).flatMap(([key, raw]) => {
    const p = resolve(raw, components);
    const inner = Array.isArray(p.anyOf) ? ((p.anyOf as Schema[]).find((b) => b.type !== "null") ?? p) : p;
    const name = prefix ? `${prefix}.${key}` : key;
    const own: Row = { name, type: typeOf(raw, components), required: required.has(key), notes: constraints(inner), description: (p.description ?? inner.description) as string | undefined };
    return [own, ...rows(raw, components, name, depth + 1)];
  });
}

function SchemaNote({ schema, components }: { schema: Schema; components: Record<string, Schema> }) {
  const s = resolve(schema, components);
  if (!Array.isArray(s.anyOf) || !s.properties) return null;
  const names = (s.anyOf as Schema[]).flatMap((b) => (b.required as string[] | undefined) ?? []);
  return <p className="mt-2 text-sm text-muted-foreground">At least one of {names.map((n, i) => <Fragment key={n}>{i ? ", " : ""}<code className="font-mono">{n}</code></Fragment>)}.</p>;
}

export function Fields({ schema, components, caption }: { schema: Schema; components: Record<string, Schema>; caption: string }) {
  const list = rows(schema, components);
  if (list.length === 0) return null;
  return (
    <div className="mt-2">
      <dl className="divide-y divide-border rounded-lg border border-border text-sm" aria-label={caption}>
        {list.map((r) => (
          <div key={r.name} className="grid gap-1 px-3 py-2 sm:grid-cols-[minmax(10rem,16rem)_1fr] sm:gap-4">
            <dt className="min-w-0">
              <code className="font-mono font-medium break-all">{r.name}</code>
              {r.required ? <span className="ml-2 text-xs font-medium text-danger">required</span> : null}
            </dt>
            <dd className="min-w-0 text-muted-foreground">
              <span className="font-mono text-xs break-words text-foreground">{r.type}</span>
              {r.notes.length ? <span className="ml-2 text-xs">{r.notes.join(" · ")}</span> : null}
              {r.description ? (
                <p className="mt-0.5">
                  <Inline text={r.description} />
                </p>
              ) : null}
            </dd>
          </div>
        ))}
      </dl>
      <SchemaNote schema={schema} components={components} />
    </div>
  );
}

export function Example({ value, label }: { value: unknown; label: string }) {
  return (
    <figure className="mt-2">
      <figcaption className="sr-only">{label}</figcaption>
      <pre className="max-h-96 overflow-auto rounded-lg border border-border bg-surface-muted p-3 font-mono text-xs leading-5" tabIndex={0}>
        {JSON.stringify(value, null, 2)}
      </pre>
    </figure>
  );
}

function Section({ title, children, className }: { title: string; children: ReactNode; className?: string }) {
  return (
    <section className={cn("mt-6", className)}>
      <h4 className="text-sm font-semibold tracking-wide text-muted-foreground uppercase">{title}</h4>
      {children}
    </section>
  );
}

export function OperationCard({ op, components }: { op: FlatOperation; components: Record<string, Schema> }) {
  const auth = op.security[0] ? Object.entries(op.security[0])[0] : undefined;
  const body = op.requestBody ? Object.entries(op.requestBody.content)[0] : undefined;
  return (
    <article id={op.operationId} className="scroll-mt-6 rounded-xl border border-border bg-surface p-4 shadow-xs sm:p-6">
      <h3 className="text-lg font-semibold tracking-tight">{op.summary}</h3>
      <p className="mt-2 flex flex-wrap items-center gap-2">
        <MethodBadge method={op.method} />
        <code className="font-mono text-sm break-all">{op.path}</code>
      </p>
      <p className="mt-3 text-sm text-pretty">
        <Inline text={op.description} />
      </p>
      {auth ? (
        <p className="mt-2 text-sm text-muted-foreground">
          Authentication: <a className="underline underline-offset-4" href={`#auth-${auth[0]}`}>{auth[0]}</a>
          {auth[1].length ? (
            <>
              {" "}with scope <code className="font-mono">{auth[1].join(", ")}</code>
            </>
          ) : null}
        </p>
      ) : null}
      {op.parameters?.length ? (
        <Section title="Parameters">
          <dl className="mt-2 divide-y divide-border rounded-lg border border-border text-sm">
            {op.parameters.map((p) => (
              <div key={`${p.in}:${p.name}`} className="grid gap-1 px-3 py-2 sm:grid-cols-[minmax(10rem,16rem)_1fr] sm:gap-4">
                <dt className="min-w-0">
                  <code className="font-mono font-medium break-all">{p.name}</code>
                  <span className="ml-2 text-xs text-muted-foreground">{p.in}</span>
                  {p.required ? <span className="ml-2 text-xs font-medium text-danger">required</span> : null}
                </dt>
                <dd className="min-w-0 text-muted-foreground">
                  <span className="font-mono text-xs text-foreground">{typeOf(p.schema, components)}</span>
                  {constraints(p.schema).length ? <span className="ml-2 text-xs">{constraints(p.schema).join(" · ")}</span> : null}
                  {p.description ? (
                    <p className="mt-0.5">
                      <Inline text={p.description} />
                    </p>
                  ) : null}
                  {p.example !== undefined ? <p className="mt-0.5 font-mono text-xs break-all">e.g. {String(p.example)}</p> : null}
                </dd>
              </div>
            ))}
          </dl>
        </Section>
      ) : null}
      {body ? (
        <Section title={`Request body (${body[0]})`}>
          {op.requestBody?.description ? <p className="mt-2 text-sm">{op.requestBody.description}</p> : null}
          <Fields schema={body[1].schema} components={components} caption="Request fields" />
          {body[1].example !== undefined ? <Example value={body[1].example} label="Example request" /> : null}
        </Section>
      ) : null}
      <Section title="Responses">
        <ul className="mt-2 space-y-4">
          {Object.entries(op.responses).map(([status, r]) => {
            const media = r.content ? Object.entries(r.content)[0] : undefined;
            const isProblem = media?.[0] === "application/problem+json";
            return (
              <li key={status}>
                <p className="text-sm">
                  <Badge variant={status.startsWith("2") ? "success" : status.startsWith("4") ? "warning" : "danger"} className="mr-2 font-mono">
                    {status}
                  </Badge>
                  <Inline text={r.description} />
                  {r.headers?.["Retry-After"] ? <span className="text-muted-foreground"> With a <code className="font-mono">Retry-After</code> header.</span> : null}
                  {isProblem ? (
                    <>
                      {" "}
                      <a className="text-muted-foreground underline underline-offset-4" href="#errors">
                        problem+json
                      </a>
                    </>
                  ) : null}
                </p>
                {media && !isProblem ? (
                  <>
                    <Fields schema={media[1].schema} components={components} caption={`${status} fields`} />
                    {media[1].example !== undefined ? <Example value={media[1].example} label={`Example ${status} response`} /> : null}
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
      </Section>
    </article>
  );
}
