import { describe, expect, it } from "vitest";
import { ForbiddenError } from "@/lib/errors";
import { roleDefinitions } from "./permissions";
import { type Actor, assertCan, can, homePathFor } from "./policy";

const actor = (roles: Actor["roles"]): Actor => ({
  userId: "u",
  name: "N",
  email: "n@school.test",
  roles,
  permissions: new Set(roles.flatMap((r) => roleDefinitions[r].permissions)),
  educatorId: null,
  guardianId: null,
  studentId: null,
});

describe("policy", () => {
  it("gives parents and students no staff permission at all", () => {
    for (const role of ["parent", "student"] as const) {
      expect(actor([role]).permissions.size).toBe(0);
    }
  });

  it("lets a teacher enter scores but not manage the school", () => {
    const teacher = actor(["teacher"]);
    expect(can(teacher, "scores.enter")).toBe(true);
    expect(() => assertCan(teacher, "school.manage")).toThrow(ForbiddenError);
  });

  it("sends each role to its own home, the highest role winning", () => {
    expect(homePathFor(actor(["admin"]))).toBe("/admin");
    expect(homePathFor(actor(["staff"]))).toBe("/office");
    expect(homePathFor(actor(["teacher"]))).toBe("/teacher");
    expect(homePathFor(actor(["parent"]))).toBe("/family");
    expect(homePathFor(actor(["student"]))).toBe("/family");
    expect(homePathFor(actor(["teacher", "parent"]))).toBe("/teacher");
    expect(homePathFor(actor([]))).toBe("/no-access");
  });
});
