// Words the student pages show for stored values, in one place.
export const statusLabels: Record<string, string> = {
  active: "Active",
  graduated: "Graduated",
  withdrawn: "Withdrawn",
  transferred: "Transferred",
};

export const genderLabels: Record<string, string> = { female: "Female", male: "Male", other: "Other" };

export const enrolmentStatusLabels: Record<string, string> = {
  active: "Current",
  moved: "Moved to another class",
  completed: "Completed the year",
  withdrawn: "Left",
};

export const relationshipLabels: Record<string, string> = {
  mother: "Mother",
  father: "Father",
  guardian: "Guardian",
  grandparent: "Grandparent",
  sibling: "Sibling",
  other: "Other",
};
