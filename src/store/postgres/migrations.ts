/**
 * The PostgreSQL schema as versioned migrations, applied in order at start-up (see migrate.ts). A
 * migration is never edited once released: a change is a new entry. Kept as strings so the build
 * (esbuild, .ts only) ships them without copying files.
 *
 * Values are kept as jsonb documents of the domain types; only the columns that are searched,
 * locked or counted are pulled out beside them.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const tables = `
-- Names this database, so an event cursor from another one (or from before a restore) is refused.
CREATE TABLE store_identity (id text NOT NULL);
INSERT INTO store_identity SELECT gen_random_uuid()::text;

CREATE TABLE people (
  key text PRIMARY KEY,
  value jsonb NOT NULL
);

-- Progress events, append-only. The id is the event log cursor: flushes that append events take a
-- transaction lock first, so ids become visible in the order they were given.
CREATE TABLE events (
  id bigserial PRIMARY KEY,
  value jsonb NOT NULL
);

-- Web chat inbox. seq orders a person's messages; ref makes a second push of one delivery a no-op.
CREATE TABLE inbox (
  seq bigserial PRIMARY KEY,
  user_key text NOT NULL,
  ref text NOT NULL,
  value jsonb NOT NULL,
  UNIQUE (user_key, ref)
);
CREATE INDEX inbox_user ON inbox (user_key, seq);

CREATE TABLE broadcasts (
  id text PRIMARY KEY,
  value jsonb NOT NULL
);

-- One message to one person. claimed_by/claimed_at: the instance that took the row to deliver it
-- (claimDue) or has it in flight (status sending); cleared when the row is written back otherwise.
CREATE TABLE outbox (
  id text PRIMARY KEY,
  broadcast_id text,
  user_key text NOT NULL,
  status text NOT NULL,
  not_before timestamptz NOT NULL,
  value jsonb NOT NULL,
  claimed_by text,
  claimed_at timestamptz
);
CREATE INDEX outbox_due ON outbox (not_before) WHERE status = 'pending';
CREATE INDEX outbox_sending ON outbox (claimed_by) WHERE status = 'sending';
CREATE INDEX outbox_broadcast ON outbox (broadcast_id);
CREATE INDEX outbox_user ON outbox (user_key);

-- Webhook deliveries acknowledged but not yet handled; owner is the instance that acknowledged it.
CREATE TABLE inbound (
  id text PRIMARY KEY,
  channel text NOT NULL,
  owner text NOT NULL,
  user_key text,
  value jsonb NOT NULL
);
CREATE INDEX inbound_channel ON inbound (channel);

-- Delivery ids already taken (webhooks come at least once): the primary key makes them unique
-- across every instance. A delivery is taken by an instance, then confirmed when it is stored
-- (store_flush, op inbound); one taken by an instance that stopped before storing it may be
-- taken again, so a crash between the two loses nothing.
CREATE TABLE seen (
  key text PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  instance text,
  confirmed boolean NOT NULL DEFAULT false
);
CREATE INDEX seen_at ON seen (at);

CREATE TABLE handoffs (
  id text PRIMARY KEY,
  user_key text NOT NULL,
  status text NOT NULL,
  value jsonb NOT NULL
);
CREATE INDEX handoffs_user ON handoffs (user_key) WHERE status = 'open';

CREATE TABLE meta (
  key text PRIMARY KEY,
  value jsonb NOT NULL
);

-- Running instances, for the operator: whether one is alive is its advisory lock (instance.ts);
-- rows claimed or in flight by an instance that is not running are its leftovers.
CREATE TABLE instances (
  id text PRIMARY KEY,
  host text,
  pid int,
  started_at timestamptz NOT NULL DEFAULT now()
);
`;

/**
 * Applies one batch of staged changes and appended events in one statement, so a flush is one
 * round trip and one transaction. `ops` is a JSON array of { op, ... } as built by staged.ts.
 */
const flushFunction = `
CREATE FUNCTION store_flush(instance text, ops jsonb, new_events jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  o jsonb;
  v jsonb;
BEGIN
  FOR o IN SELECT value FROM jsonb_array_elements(ops) LOOP
    v := o->'value';
    CASE o->>'op'
    WHEN 'user' THEN
      INSERT INTO people (key, value) VALUES (v->>'key', v)
        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
    WHEN 'forget-user' THEN
      DELETE FROM people WHERE key = o->>'key';
      DELETE FROM inbox WHERE user_key = o->>'key';
      DELETE FROM outbox WHERE user_key = o->>'key';
      DELETE FROM handoffs WHERE user_key = o->>'key';
      DELETE FROM inbound WHERE user_key = o->>'key';
    WHEN 'inbox' THEN
      INSERT INTO inbox (user_key, ref, value) VALUES (o->>'key', coalesce(v->>'ref', v->>'id'), v)
        ON CONFLICT (user_key, ref) DO NOTHING;
      DELETE FROM inbox WHERE user_key = o->>'key' AND seq <= (
        SELECT seq FROM inbox WHERE user_key = o->>'key' ORDER BY seq DESC OFFSET (o->>'limit')::int LIMIT 1);
    WHEN 'meta' THEN
      INSERT INTO meta (key, value) VALUES (o->>'key', v)
        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
    WHEN 'meta-delete' THEN
      DELETE FROM meta WHERE key = o->>'key';
    WHEN 'broadcast' THEN
      INSERT INTO broadcasts (id, value) VALUES (v->>'id', v)
        ON CONFLICT (id) DO UPDATE SET value = EXCLUDED.value;
    WHEN 'outbox' THEN
      -- In flight only on a claim this instance still holds: one whose claim went to another
      -- instance (its connection was lost meanwhile) must not send, so the whole write fails.
      IF v->>'status' = 'sending' AND EXISTS (
          SELECT 1 FROM outbox WHERE id = v->>'id' AND claimed_by IS DISTINCT FROM instance AND claimed_by IS NOT NULL) THEN
        RAISE EXCEPTION 'outbox row % is claimed by another instance', v->>'id' USING ERRCODE = 'lock_not_available';
      END IF;
      INSERT INTO outbox (id, broadcast_id, user_key, status, not_before, value, claimed_by, claimed_at)
        VALUES (v->>'id', v->>'broadcastId', v->>'userKey', v->>'status', (v->>'notBefore')::timestamptz, v,
          CASE WHEN v->>'status' = 'sending' THEN instance END,
          CASE WHEN v->>'status' = 'sending' THEN now() END)
        ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, not_before = EXCLUDED.not_before,
          value = EXCLUDED.value, claimed_by = EXCLUDED.claimed_by, claimed_at = EXCLUDED.claimed_at;
    WHEN 'outbox-drop' THEN
      DELETE FROM outbox WHERE id = o->>'id';
    WHEN 'inbound' THEN
      INSERT INTO inbound (id, channel, owner, user_key, value) VALUES (v->>'id', v->>'channel', instance, o->>'key', v)
        ON CONFLICT (id) DO UPDATE SET value = EXCLUDED.value;
      UPDATE seen SET confirmed = true WHERE key = v->>'id';
    WHEN 'inbound-handled' THEN
      UPDATE inbound SET value = jsonb_set(value, '{replies}', o->'replies') WHERE id = o->>'id';
    WHEN 'inbound-done' THEN
      DELETE FROM inbound WHERE id = o->>'id';
    WHEN 'handoff' THEN
      INSERT INTO handoffs (id, user_key, status, value) VALUES (v->>'id', v->>'userKey', v->>'status', v)
        ON CONFLICT (id) DO UPDATE SET user_key = EXCLUDED.user_key, status = EXCLUDED.status, value = EXCLUDED.value;
    WHEN 'delete-handoff' THEN
      DELETE FROM handoffs WHERE id = o->>'id';
    END CASE;
  END LOOP;
  IF jsonb_array_length(new_events) > 0 THEN
    -- Held to commit: a later flush gets higher ids and becomes visible after this one.
    PERFORM pg_advisory_xact_lock(19, 0);
    INSERT INTO events (value) SELECT e FROM jsonb_array_elements(new_events) WITH ORDINALITY AS t(e, n) ORDER BY n;
  END IF;
END
$$;
`;

/** Rate limit counters shared by the instances (rate-counters.ts). */
const rateLimits = `
CREATE TABLE rate_limits (
  key text PRIMARY KEY,
  hits int NOT NULL,
  reset_at timestamptz NOT NULL
);
CREATE INDEX rate_limits_reset ON rate_limits (reset_at);
`;

export const MIGRATIONS: Migration[] = [
  { version: 1, name: 'tables', sql: tables },
  { version: 2, name: 'flush function', sql: flushFunction },
  { version: 3, name: 'rate limits', sql: rateLimits },
];
