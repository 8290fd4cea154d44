import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { assertValidKey } from "./file-store";
import { LocalDiskStore } from "./local-disk-store";

let root: string;
let store: LocalDiskStore;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "ams-store-"));
  store = new LocalDiskStore(root);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

describe("LocalDiskStore", () => {
  it("stores bytes and a stream under a key, with size and SHA-256, and reads them back", async () => {
    const stored = await store.put("batches/a.pdf", new TextEncoder().encode("hello"));
    expect(stored).toEqual({ key: "batches/a.pdf", size: 5, sha256: "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" });
    await store.put("batches/b.pdf", Readable.from([Buffer.from("hel"), Buffer.from("lo!")]));
    const file = await store.get("batches/b.pdf");
    expect(file?.size).toBe(6);
    expect(await readAll(file!.stream)).toBe("hello!");
  });

  it("replaces a file whole, and a failed write leaves the old file and no temporary file", async () => {
    await store.put("k/file.bin", new TextEncoder().encode("old"));
    const failing = new Readable({
      read() {
        this.push(Buffer.from("partial"));
        this.destroy(new Error("client went away"));
      },
    });
    await expect(store.put("k/file.bin", failing)).rejects.toThrow("client went away");
    expect(await readAll((await store.get("k/file.bin"))!.stream)).toBe("old");
    expect(fs.readdirSync(path.join(root, ".tmp"))).toEqual([]);
  });

  it("answers null for a missing file, deletes idempotently and lists keys without temporary files", async () => {
    expect(await store.get("nothing/here.pdf")).toBeNull();
    await store.put("a/one.pdf", new Uint8Array([1]));
    await store.put("a/b/two.pdf", new Uint8Array([2]));
    await store.put("c/three.pdf", new Uint8Array([3]));
    fs.writeFileSync(path.join(root, ".tmp", "stray.part"), "x");
    const listed: string[] = [];
    for await (const key of store.list("a")) listed.push(key);
    expect(listed.sort()).toEqual(["a/b/two.pdf", "a/one.pdf"]);
    const everything: string[] = [];
    for await (const key of store.list("")) everything.push(key);
    expect(everything.sort()).toEqual(["a/b/two.pdf", "a/one.pdf", "c/three.pdf"]);
    await store.delete("a/one.pdf");
    await store.delete("a/one.pdf");
    expect(await store.get("a/one.pdf")).toBeNull();
  });

  it("refuses keys that could leave the store or hide files", async () => {
    for (const key of ["../etc/passwd", "a/../../b", "/abs", "a//b", ".hidden", "a/.tmp", "UPPER.pdf", "a\\b", "", "a/b/"]) {
      expect(() => assertValidKey(key), key).toThrow(RangeError);
    }
    await expect(store.put("../escape.pdf", new Uint8Array([1]))).rejects.toThrow(RangeError);
    expect(fs.existsSync(path.join(root, "..", "escape.pdf"))).toBe(false);
    expect(() => assertValidKey("report-card-batches/0190-ab_c.pdf")).not.toThrow();
  });
});
