// Advisory lock keys, as (class, id) pairs so ours never meet another program's on the same
// database. A person's or a name's id is hashtext() of it, computed by the database: two keys with
// one hash only wait for each other, which is safe.

/** Migrations: one instance at a time. */
export const MIGRATION_LOCK = [19, 1];
// (19, 0): appending events, taken inside store_flush (migrations.ts), so it lives in the SQL.
/** withPerson: one message of a person at a time across instances. */
export const PERSON_LOCK_CLASS = 1901;
/** exclusively(name): Zalo token refresh, planning a broadcast. */
export const NAMED_LOCK_CLASS = 1902;
/** Held by each running instance on its id for as long as it runs (instance.ts). */
export const INSTANCE_LOCK_CLASS = 1903;
