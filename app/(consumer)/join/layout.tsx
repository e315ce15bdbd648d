import { Logo } from "@/components/shell/logo";

/** Joining a paid program: a narrow, phone-first column around Checkout. */
export default function JoinLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="min-h-dvh">
      <header className="mx-auto flex max-w-lg items-center px-5 py-4">
        <Logo />
      </header>
      <main className="mx-auto max-w-lg px-5 pb-16">{children}</main>
    </div>
  );
}
