"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { bulkInviteGuardians } from "@/lib/server/accounts/bulk-invite-guardians";
import { inviteUser } from "@/lib/server/accounts/invite-user";
import { type SetUserRolesInput, setUserRoles } from "@/lib/server/accounts/set-user-roles";
import { type SetUserStatusInput, setUserStatus } from "@/lib/server/accounts/set-user-status";
import type { InviteUserInput } from "@/lib/validation/auth";

export async function inviteUserAction(input: InviteUserInput) {
  return runAction("inviteUser", async ({ db, actor }) => {
    const invited = await inviteUser(db, actor, input);
    revalidatePath("/admin/users");
    return invited;
  });
}

export async function bulkInviteGuardiansAction() {
  return runAction("bulkInviteGuardians", async ({ db, actor }) => {
    const result = await bulkInviteGuardians(db, actor);
    revalidatePath("/admin/users");
    return result;
  });
}

export async function setUserRolesAction(input: SetUserRolesInput) {
  return runAction("setUserRoles", async ({ db, actor }) => {
    const result = await setUserRoles(db, actor, input);
    revalidatePath(`/admin/users/${input.userId}`);
    return result;
  });
}

export async function setUserStatusAction(input: SetUserStatusInput) {
  return runAction("setUserStatus", async ({ db, actor }) => {
    await setUserStatus(db, actor, input);
    revalidatePath(`/admin/users/${input.userId}`);
  });
}
