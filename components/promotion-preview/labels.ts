// Words for promotion outcomes and rules, shared by the preview (client) and the run pages (server).
import type { PromotionOutcome, PromotionRules } from "@/lib/domain/promotion";

export const outcomeLabels: Record<PromotionOutcome, string> = {
  promote: "Promote",
  repeat: "Repeat",
  graduate: "Graduate",
  review: "Review",
  transfer: "Transfer",
  withdraw: "Withdraw",
};

/** The order outcomes are counted and listed in: moving on first, then staying, leaving, undecided. */
export const outcomeOrder: readonly PromotionOutcome[] = ["promote", "graduate", "repeat", "transfer", "withdraw", "review"];

const plural = (count: number, singular: string, pluralForm = `${singular}s`) => `${count} ${count === 1 ? singular : pluralForm}`;

/** "Promoted 45, 3 repeat, 1 transferred, 1 withdrawn": the outcomes that happened, for a run's summary. */
export function describeCounts(counts: Partial<Record<PromotionOutcome, number>> | null): string {
  if (!counts) return "No decisions recorded";
  const parts: string[] = [];
  if (counts.promote) parts.push(`Promoted ${counts.promote}`);
  if (counts.graduate) parts.push(`${counts.graduate} graduated`);
  if (counts.repeat) parts.push(`${counts.repeat} repeat`);
  if (counts.transfer) parts.push(`${counts.transfer} transferred`);
  if (counts.withdraw) parts.push(`${counts.withdraw} withdrawn`);
  if (counts.review) parts.push(`${counts.review} awaiting review`);
  if (parts.length === 0) return "No students";
  const sentence = parts.join(", ");
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** The rules as a sentence a head teacher would read back: what is needed to move up, and what happens otherwise. */
export function describeRules(rules: PromotionRules, subjectName: (id: string) => string): string[] {
  const lines = [
    `${rules.averageBasis === "year_average" ? "The year's average (the mean of the term averages)" : "The final term's average"} must be at least ${rules.minimumAverage}.`,
  ];
  if (rules.requiredSubjectIds.length > 0) {
    lines.push(`These subjects must be passed: ${rules.requiredSubjectIds.map(subjectName).join(", ")}.`);
  }
  lines.push(
    rules.maxFailedSubjects === null
      ? "Any number of other subjects may be failed."
      : rules.maxFailedSubjects === 0
        ? "No subject may be failed."
        : `At most ${plural(rules.maxFailedSubjects, "subject")} may be failed.`,
  );
  lines.push(
    rules.otherwise === "repeat"
      ? "A student who doesn't meet these repeats the level."
      : "A person decides for each student who doesn't meet these (marked review).",
  );
  lines.push("A student the rules can't judge (no results, or none in a required subject) is always marked review.");
  return lines;
}

export const runStatusLabels = { draft: "Draft", executed: "Promoted", undone: "Undone" } as const;

/** Times are stored in UTC and shown in UTC, so the server and every browser say the same. */
export const formatWhen = (iso: string) =>
  `${new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC`;
