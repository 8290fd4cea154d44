import { describe, expect, it } from "vitest";
import { contentDisposition, sanitiseFileName } from "./file-name";

describe("sanitiseFileName", () => {
  it("keeps an ordinary name as it is, accents and spaces included", () => {
    expect(sanitiseFileName("Birth certificate.pdf")).toBe("Birth certificate.pdf");
    expect(sanitiseFileName("Adébáyọ̀ transcript (2025).pdf")).toBe("Adébáyọ̀ transcript (2025).pdf".normalize("NFC"));
  });

  it("keeps only the last path segment, whichever separator the sender's system uses", () => {
    expect(sanitiseFileName("../../etc/passwd")).toBe("passwd");
    expect(sanitiseFileName("C:\\Windows\\System32\\x.pdf")).toBe("x.pdf");
    expect(sanitiseFileName("/var/uploads/../scan.png")).toBe("scan.png");
    expect(sanitiseFileName("a/b\\c/d.jpg")).toBe("d.jpg");
  });

  it("removes control characters, bidirectional overrides and zero-width marks", () => {
    // Shown as "birthexe.pdf" by a browser honouring the right-to-left override.
    expect(sanitiseFileName("birth\u202efdp.exe")).toBe("birthfdp.exe");
    expect(sanitiseFileName("report\u0000card\r\nscan.pdf")).toBe("reportcard scan.pdf");
    expect(sanitiseFileName("in\u200bvoice\u2066.pdf")).toBe("invoice.pdf");
    expect(sanitiseFileName("bell\u0007.pdf")).toBe("bell.pdf");
  });

  it("replaces quotes and characters Windows refuses, and collapses whitespace", () => {
    expect(sanitiseFileName('"quoted"<name>|?*:.pdf')).toBe("_quoted__name_____.pdf");
    expect(sanitiseFileName("  two\t\tspaces   here .pdf  ")).toBe("two spaces here .pdf");
    expect(sanitiseFileName("word \u200b next.pdf")).toBe("word next.pdf");
  });

  it("never starts with a dot, so a name can't pass for a hidden file or a relative path", () => {
    expect(sanitiseFileName(".htaccess")).toBe("htaccess");
    expect(sanitiseFileName("...hidden.pdf")).toBe("hidden.pdf");
    expect(sanitiseFileName("..")).toBe("document");
  });

  it("answers the fallback when nothing is left", () => {
    expect(sanitiseFileName("")).toBe("document");
    expect(sanitiseFileName("/")).toBe("document");
    expect(sanitiseFileName("\u202e\u0000 ", "Birth certificate")).toBe("Birth certificate");
  });

  it("cuts a long name to 120 characters, keeping a short extension", () => {
    const long = `${"a".repeat(496)}.pdf`;
    expect(sanitiseFileName(long)).toBe(`${"a".repeat(116)}.pdf`);
    expect(sanitiseFileName(long)).toHaveLength(120);
    // What follows the last dot is no extension when it is this long: cut like the rest.
    expect(sanitiseFileName(`x.${"b".repeat(200)}`)).toBe(`x.${"b".repeat(118)}`);
    // No space left dangling before the extension.
    expect(sanitiseFileName(`${"a".repeat(115)} ${"c".repeat(10)}.pdf`)).toBe(`${"a".repeat(115)}.pdf`);
    expect(sanitiseFileName("a".repeat(120))).toBe("a".repeat(120));
  });
});

describe("contentDisposition", () => {
  it("gives an ASCII fallback and the exact name in RFC 5987 form", () => {
    expect(contentDisposition("attachment", "Birth certificate.pdf")).toBe(
      `attachment; filename="Birth certificate.pdf"; filename*=UTF-8''Birth%20certificate.pdf`,
    );
    expect(contentDisposition("inline", "Adébáyọ̀.pdf".normalize("NFC"))).toBe(
      `inline; filename="Ad_b_y__.pdf"; filename*=UTF-8''${encodeURIComponent("Adébáyọ̀.pdf".normalize("NFC"))}`,
    );
  });

  it("can't be broken out of by a quote or backslash in the name", () => {
    const header = contentDisposition("attachment", 'a"; filename="evil.html\\.pdf');
    expect(header).toBe(`attachment; filename="a_; filename=_evil.html_.pdf"; filename*=UTF-8''a%22%3B%20filename%3D%22evil.html%5C.pdf`);
    expect(header.match(/"/g)).toHaveLength(2);
  });
});
