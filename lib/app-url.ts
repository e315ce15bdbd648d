/** The public base URL used in e-mails and webhook instructions. */
export function appUrl(path = ""): string {
  const base = (process.env.APP_URL ?? process.env.NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/+$/, "");
  return `${base}${path}`;
}
