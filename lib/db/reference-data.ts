// Rows every installation needs whatever its data: roles, permissions and their grants.
// Idempotent, run at every start-up, so a new permission in code reaches existing databases.
import { and, eq, notInArray, sql } from "drizzle-orm";
import { permissionCatalogue, roleDefinitions } from "@/lib/auth/permissions";
import type { Queryable } from "./client";
import { permissions, roleKeys, rolePermissions, roles } from "./schema";

export async function ensureReferenceData(db: Queryable): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .insert(permissions)
      .values(Object.entries(permissionCatalogue).map(([key, description]) => ({ key, description })))
      .onConflictDoUpdate({ target: permissions.key, set: { description: sql`excluded.description` } });
    await tx
      .insert(roles)
      .values(roleKeys.map((key) => ({ key, name: roleDefinitions[key].name, description: roleDefinitions[key].description })))
      .onConflictDoUpdate({
        target: roles.key,
        set: { name: sql`excluded.name`, description: sql`excluded.description` },
      });

    const roleRows = await tx.select({ id: roles.id, key: roles.key }).from(roles);
    const permissionRows = await tx.select({ id: permissions.id, key: permissions.key }).from(permissions);
    const permissionId = new Map(permissionRows.map((row) => [row.key, row.id]));
    for (const role of roleRows) {
      const wanted = roleDefinitions[role.key].permissions.map((key) => permissionId.get(key)!);
      if (wanted.length > 0) {
        await tx
          .insert(rolePermissions)
          .values(wanted.map((id) => ({ roleId: role.id, permissionId: id })))
          .onConflictDoNothing();
      }
      // A permission taken away from a role in code is taken away in the database too.
      await tx
        .delete(rolePermissions)
        .where(
          wanted.length > 0
            ? and(eq(rolePermissions.roleId, role.id), notInArray(rolePermissions.permissionId, wanted))
            : eq(rolePermissions.roleId, role.id),
        );
    }
  });
}
