import { redirect } from "next/navigation";
import { homePathFor } from "@/lib/auth/policy";
import { getActor } from "@/lib/auth/session";

/** The front door: each role has its own home page. */
export default async function Home() {
  const actor = await getActor();
  redirect(actor ? homePathFor(actor) : "/sign-in");
}
