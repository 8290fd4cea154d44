import type { Page } from "@playwright/test";

/** Types into the focused cell the way a person does: select what's there, type over it. */
export async function typeHere(page: Page, text: string) {
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type(text);
}

/** Pastes text as a spreadsheet would put it on the clipboard, into the focused cell. */
export async function paste(page: Page, text: string) {
  await page.evaluate((data) => {
    const transfer = new DataTransfer();
    transfer.setData("text/plain", data);
    document.activeElement!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, text);
}
