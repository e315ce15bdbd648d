import { notFound } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { getPublicProgram } from "@/lib/programs/get-public-program";

/**
 * Looks the program up above the page's loading boundary, so an unknown or unpublished slug answers a real
 * 404 status before anything streams (the page reuses the cached lookup).
 */
export default async function ProgramLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const user = await currentUser();
  if (!(await getPublicProgram((await params).slug, user?.id))) notFound();
  return children;
}
