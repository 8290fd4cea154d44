// Report-card comments and the comment bank: the forms' schemas, parsed again by lib/server/comments.
import { z } from "zod";
import { idSchema, noMarkup } from "./common";

/** The same list as the report_comments and comment_bank check constraints (lib/db/schema/gradebook.ts). */
export const reportCommentKinds = ["class_teacher", "principal"] as const;
export type ReportCommentKind = (typeof reportCommentKinds)[number];

export const reportCommentKindLabels: Record<ReportCommentKind, string> = {
  class_teacher: "Class teacher's comment",
  principal: "Principal's comment",
};

export const COMMENT_MAX_LENGTH = 2000;

// Line breaks and tabs are fine in a comment; other control characters are refused, as for every free text.
const hasStrayControlCharacters = (value: string) => /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/.test(value);

/** A comment as the teacher typed it, trimmed, with Windows line breaks made plain ones; "" means "no comment". */
const commentText = (what: string) =>
  z
    .string({ error: `Write the ${what}` })
    .transform((value) => value.replace(/\r\n?/g, "\n").trim())
    .pipe(
      z
        .string()
        .max(COMMENT_MAX_LENGTH, `The ${what} is at most ${COMMENT_MAX_LENGTH.toLocaleString("en")} characters`)
        .refine(noMarkup, `The ${what} can't contain < or >`)
        .refine((value) => !hasStrayControlCharacters(value), `The ${what} can't contain control characters`),
    );

/** Saving one student's comment for one term; an empty body removes the comment. */
export const saveReportCommentInput = z.object({
  studentId: idSchema,
  termId: idSchema,
  kind: z.enum(reportCommentKinds, { error: "Choose whose comment this is" }),
  body: commentText("comment"),
});
export type SaveReportCommentInput = z.input<typeof saveReportCommentInput>;

export const getClassCommentsInput = z.object({ classId: idSchema, termId: idSchema });
export type GetClassCommentsInput = z.input<typeof getClassCommentsInput>;

// ---- The comment bank ----

/**
 * An average bound as typed ("", "50", "69.99") or sent by a script (50, null): empty is "no bound".
 * 0 to 100 with at most 2 decimal places, as numeric(5,2) stores it.
 */
const averageBound = (which: "lowest" | "highest") =>
  z
    .union([z.string(), z.number()], { error: "Enter a number from 0 to 100, or leave it empty" })
    .nullish()
    .transform((value, ctx) => {
      const text = value === null || value === undefined ? "" : String(value).trim();
      if (text === "") return null;
      const match = /^(\d{1,3})(?:\.(\d*))?$/.exec(text);
      if (!match || Number(text) > 100) {
        ctx.addIssue({ code: "custom", message: `The ${which} average is a number from 0 to 100` });
        return z.NEVER;
      }
      if ((match[2] ?? "").replace(/0+$/, "").length > 2) {
        ctx.addIssue({ code: "custom", message: "Use at most 2 decimal places" });
        return z.NEVER;
      }
      return Number(text).toFixed(2);
    });

const commentBankFields = z.object({
  /** Absent or "" for a new entry. */
  id: z
    .union([z.literal(""), idSchema], { error: "Choose an entry from the list" })
    .nullish()
    .transform((value) => value || null),
  kind: z.enum(reportCommentKinds, { error: "Choose who the comment is for" }),
  body: commentText("comment").refine((value) => value.length > 0, "Write the comment"),
  minAverage: averageBound("lowest"),
  maxAverage: averageBound("highest"),
  isActive: z.boolean().default(true),
});
const averageBounds = commentBankFields.pick({ minAverage: true, maxAverage: true });

export const commentBankEntryInput = commentBankFields.refine(
  (value) => value.minAverage === null || value.maxAverage === null || Number(value.minAverage) <= Number(value.maxAverage),
  {
    path: ["maxAverage"],
    message: "The highest average can't be below the lowest",
    // Checked whenever both bounds are numbers, so it shows beside the other fields' errors rather than after them.
    when: (payload) => averageBounds.safeParse(payload.value).success,
  },
);
export type CommentBankEntryInput = z.input<typeof commentBankEntryInput>;
export type CommentBankEntryValues = z.output<typeof commentBankEntryInput>;

export const commentBankEntryRef = z.object({ id: idSchema });
export type CommentBankEntryRef = z.input<typeof commentBankEntryRef>;
