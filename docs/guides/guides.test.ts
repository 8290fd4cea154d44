// The user guides and the browser spec that photographs them must agree: every picture a guide
// shows is one e2e/guides.spec.ts takes (so it is retaken on every e2e run and never goes stale),
// every picture the spec takes is shown by a guide, and the committed images folder holds exactly
// those pictures.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const guidesDir = import.meta.dirname;
const imagesDir = path.join(guidesDir, "images");
const specFile = path.resolve(guidesDir, "../../e2e/guides.spec.ts");

/** The image file names the spec writes: every `docs/guides/images/<name>.png` literal in it. */
function imagesTheSpecTakes(): string[] {
  const source = fs.readFileSync(specFile, "utf8");
  return [...source.matchAll(/["'`]docs\/guides\/images\/([a-z0-9-]+\.png)["'`]/g)].map((match) => match[1]!);
}

/** For each guide, the images it shows: Markdown `![alt](images/<name>.png)` references. */
function imagesTheGuidesShow(): Map<string, string[]> {
  const guides = fs.readdirSync(guidesDir).filter((name) => name.endsWith(".md"));
  return new Map(
    guides.map((guide) => {
      const text = fs.readFileSync(path.join(guidesDir, guide), "utf8");
      return [guide, [...text.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1]!)];
    }),
  );
}

describe("the user guides and e2e/guides.spec.ts", () => {
  const taken = imagesTheSpecTakes();
  const shown = imagesTheGuidesShow();
  const allShown = [...shown.values()].flat();

  it("the spec takes pictures, each under its own name", () => {
    expect(taken.length).toBeGreaterThan(0);
    expect(taken.filter((name, i) => taken.indexOf(name) !== i)).toEqual([]);
  });

  it("every image a guide shows is in images/ and is taken by the spec", () => {
    const problems: string[] = [];
    for (const [guide, references] of shown) {
      for (const reference of references) {
        const match = /^images\/([a-z0-9-]+\.png)$/.exec(reference);
        if (!match) problems.push(`${guide}: ${reference} is not an images/<name>.png taken by e2e/guides.spec.ts`);
        else if (!taken.includes(match[1]!)) problems.push(`${guide}: ${reference} is not taken by e2e/guides.spec.ts`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("every picture the spec takes is shown by a guide", () => {
    const shownNames = new Set(allShown.map((reference) => reference.replace(/^images\//, "")));
    expect(taken.filter((name) => !shownNames.has(name))).toEqual([]);
  });

  it("images/ holds exactly the pictures the spec takes, all committed", () => {
    const files = fs.existsSync(imagesDir) ? fs.readdirSync(imagesDir).sort() : [];
    expect(files).toEqual([...taken].sort());
  });

  it("the pictures stay small enough to commit (under 3 MB together)", () => {
    const bytes = taken.filter((name) => fs.existsSync(path.join(imagesDir, name))).reduce((sum, name) => sum + fs.statSync(path.join(imagesDir, name)).size, 0);
    expect(bytes).toBeLessThan(3 * 1024 * 1024);
  });

  it("the guides' links to each other and to other docs lead to files that exist", () => {
    const broken: string[] = [];
    for (const guide of shown.keys()) {
      const text = fs.readFileSync(path.join(guidesDir, guide), "utf8");
      for (const [, target] of text.matchAll(/(?<!!)\[[^\]]*\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        if (!fs.existsSync(path.resolve(guidesDir, target!))) broken.push(`${guide}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
