// What a scheme or scale can apply to: the choices in the settings forms' selects.
import "server-only";
import { sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { SETTINGS_PERMISSION, SETTINGS_REFUSAL, termLabel } from "./settings-shared";

export type SettingChoice = { id: string; name: string };
export type SettingChoices = { levels: SettingChoice[]; subjects: SettingChoice[]; terms: SettingChoice[] };

export async function listSettingChoices(db: Queryable, actor: Actor): Promise<SettingChoices> {
  assertCan(actor, SETTINGS_PERMISSION, SETTINGS_REFUSAL);
  const [levels, subjects, terms] = await Promise.all([
    selectRows<SettingChoice>(db, sql`select id, name from class_levels order by sequence`),
    selectRows<SettingChoice>(db, sql`select id, name from subjects order by name`),
    // Newest first: schemes are set up for the terms to come.
    selectRows<SettingChoice>(
      db,
      sql`select t.id, ${termLabel("t")} as name from terms t join academic_years y on y.id = t.academic_year_id order by y.starts_on desc, t.sequence`,
    ),
  ]);
  return { levels, subjects, terms };
}
