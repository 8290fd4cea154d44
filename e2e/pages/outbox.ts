import { expect, type Page } from "@playwright/test";

/**
 * The newest emailed link to `to` whose address contains `path`, read off the admin outbox page
 * (the demo has no mail transport, so AMS keeps its emails there). `adminPage` must be signed in.
 */
export async function emailedLink(adminPage: Page, to: string, path: string): Promise<string> {
  await adminPage.goto("/admin/outbox");
  const message = adminPage.getByRole("article").filter({ hasText: to }).first();
  await expect(message).toBeVisible();
  const href = await message.getByRole("link").filter({ hasText: path }).first().getAttribute("href");
  if (!href) throw new Error(`No ${path} link in the newest email to ${to}`);
  return href;
}
