// What a backup reads from and a restore writes to, taken from the database's own catalogue, so a table
// added by a later migration is backed up without anyone remembering to list it.
import { type SQL, sql } from "drizzle-orm";
import { type Queryable, selectRows } from "@/lib/db/client";

export const MIGRATIONS_TABLE = "drizzle.__drizzle_migrations";

export type CatalogTable = {
  /** "schema.table", as written in the manifest. */
  name: string;
  /** Primary key columns in key order; empty when the table has none. */
  primaryKey: string[];
  /** Columns a restore writes: all but generated ones. */
  columns: string[];
};

/** A "schema.table" name as a quoted SQL identifier. */
export function tableIdentifier(name: string): SQL {
  const [schema, table] = name.split(".") as [string, string];
  return sql`${sql.identifier(schema)}.${sql.identifier(table)}`;
}

export const columnList = (columns: readonly string[]): SQL => sql.join(columns.map((column) => sql.identifier(column)), sql`, `);

/** Every table of the public schema, and optionally drizzle's migration journal, in name order. */
export async function listTables(db: Queryable, options: { includeMigrations: boolean }): Promise<CatalogTable[]> {
  return selectRows<CatalogTable>(
    db,
    sql`select n.nspname || '.' || c.relname as name,
               coalesce((select json_agg(a.attname order by k.ord)
                         from pg_index i
                         cross join unnest(i.indkey) with ordinality as k(attnum, ord)
                         join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
                         where i.indrelid = c.oid and i.indisprimary), '[]') as "primaryKey",
               (select json_agg(a.attname order by a.attnum)
                from pg_attribute a
                where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = '') as columns
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p') and not c.relispartition
          and (n.nspname = 'public' ${options.includeMigrations ? sql`or (n.nspname = 'drizzle' and c.relname = '__drizzle_migrations')` : sql``})
        order by n.nspname = 'drizzle', c.relname`,
  );
}

/** The migrations applied to a database, oldest first (none on a database never migrated). */
export async function appliedMigrations(db: Queryable): Promise<string[]> {
  const [exists] = await selectRows<{ present: boolean }>(db, sql`select to_regclass(${MIGRATIONS_TABLE}) is not null as present`);
  if (!exists?.present) return [];
  const rows = await selectRows<{ hash: string }>(db, sql`select hash from ${tableIdentifier(MIGRATIONS_TABLE)} order by id`);
  return rows.map((row) => row.hash);
}

export type ForeignKey = { table: string; name: string; definition: string };

/** Foreign keys held by public tables, with the definition that recreates each exactly. */
export async function publicForeignKeys(db: Queryable): Promise<ForeignKey[]> {
  return selectRows<ForeignKey>(
    db,
    sql`select n.nspname || '.' || c.relname as "table", con.conname as name, pg_get_constraintdef(con.oid) as definition
        from pg_constraint con
        join pg_class c on c.oid = con.conrelid
        join pg_namespace n on n.oid = c.relnamespace
        where con.contype = 'f' and n.nspname = 'public'
        order by 1, 2`,
  );
}

/** Public tables that have triggers of their own (not the ones PostgreSQL makes for constraints). */
export async function tablesWithUserTriggers(db: Queryable): Promise<string[]> {
  const rows = await selectRows<{ name: string }>(
    db,
    sql`select distinct n.nspname || '.' || c.relname as name
        from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
        where not t.tgisinternal and n.nspname = 'public'
        order by 1`,
  );
  return rows.map((row) => row.name);
}

/** Columns of public tables fed by a sequence (serial or identity). */
export async function publicSequences(db: Queryable): Promise<{ table: string; column: string; sequence: string }[]> {
  return selectRows(
    db,
    sql`select s.table_name as "table", s.column_name as "column", s.sequence
        from (select n.nspname || '.' || c.relname as table_name, a.attname as column_name,
                     pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname) as sequence
              from pg_attribute a
              join pg_class c on c.oid = a.attrelid
              join pg_namespace n on n.oid = c.relnamespace
              where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped) s
        where s.sequence is not null
        order by 1, 2`,
  );
}
