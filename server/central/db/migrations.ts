/**
 * The schema, as numbered migrations run in order at start (migrate.ts). The same SQL runs on PostgreSQL and
 * on PGlite. A migration is never edited once released: a change is a new one.
 */
export interface Migration {
  version: number
  name: string
  sql: string
}

const init = `
CREATE TABLE stations (
  id text PRIMARY KEY,
  name text NOT NULL,
  street text NOT NULL DEFAULT '',
  community text NOT NULL DEFAULT '',
  time_zone text NOT NULL DEFAULT 'Asia/Shanghai',
  -- Mosquitto's password-file form ($7$ PBKDF2-SHA512), so the broker's file can be written from here.
  mqtt_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  -- Every journal seq up to this one is stored; the station is acknowledged through it.
  committed bigint NOT NULL DEFAULT 0,
  -- The station's journal high-water mark as last reported (birth or batch): head - committed = backlog.
  head bigint NOT NULL DEFAULT 0,
  session text,
  online boolean NOT NULL DEFAULT false,
  state_at timestamptz,
  last_seen timestamptz,
  birth_at timestamptz,
  birth_seq bigint,
  -- From the last birth: the station's name, time zone and software as it says them, and today's figures as it counts them.
  reported jsonb
);

CREATE TABLE service_logins (
  name text PRIMARY KEY,
  mqtt_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Every event as it came, once per (station, seq).
CREATE TABLE events (
  station_id text NOT NULL REFERENCES stations (id),
  seq bigint NOT NULL,
  at timestamptz NOT NULL,
  type text NOT NULL,
  v integer NOT NULL,
  data jsonb NOT NULL,
  -- ok, or why it counts in no figure: unknown-type, newer-version, invalid.
  verdict text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (station_id, seq)
);
CREATE INDEX events_by_type ON events (station_id, type, at);

-- Figures per station and station-time day, kept in the same transaction as the events they come from.
CREATE TABLE daily_counts (
  station_id text NOT NULL REFERENCES stations (id),
  day date NOT NULL,
  metric text NOT NULL,
  key text NOT NULL DEFAULT '',
  n bigint NOT NULL,
  PRIMARY KEY (station_id, day, metric, key)
);
CREATE INDEX daily_counts_by_day ON daily_counts (day, metric);

-- The latest picture: each row is the last word by journal seq (a birth, or a later event).
CREATE TABLE devices (
  station_id text NOT NULL REFERENCES stations (id),
  device_id text NOT NULL,
  kind text NOT NULL,
  name text NOT NULL,
  online boolean NOT NULL,
  last_seen timestamptz,
  reading jsonb,
  battery double precision,
  seq bigint NOT NULL,
  PRIMARY KEY (station_id, device_id)
);

CREATE TABLE alerts (
  station_id text NOT NULL REFERENCES stations (id),
  alert_id text NOT NULL,
  type text NOT NULL,
  severity text NOT NULL,
  state text NOT NULL,
  subject text NOT NULL,
  subject_name text NOT NULL,
  since timestamptz NOT NULL,
  raised_at timestamptz NOT NULL,
  count integer NOT NULL,
  value double precision,
  peak double precision,
  ack_at timestamptz,
  ack_from text,
  cleared_at timestamptz,
  cleared_auto boolean,
  seq bigint NOT NULL,
  PRIMARY KEY (station_id, alert_id)
);
CREATE INDEX alerts_open ON alerts (station_id) WHERE state <> 'cleared';

CREATE TABLE stock (
  station_id text NOT NULL REFERENCES stations (id),
  item_id text NOT NULL,
  name text NOT NULL,
  unit text NOT NULL,
  count integer NOT NULL,
  min integer NOT NULL,
  target integer NOT NULL,
  needs_restock boolean NOT NULL,
  next_expiry date,
  removed boolean NOT NULL DEFAULT false,
  seq bigint NOT NULL,
  PRIMARY KEY (station_id, item_id)
);

CREATE TABLE screenings (
  station_id text NOT NULL REFERENCES stations (id),
  screening_id text NOT NULL,
  title text NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (station_id, screening_id)
);

CREATE TABLE coldchain_days (
  station_id text NOT NULL REFERENCES stations (id),
  device_id text NOT NULL,
  day date NOT NULL,
  min double precision,
  max double precision,
  readings integer NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (station_id, device_id, day)
);

CREATE TABLE excursions (
  station_id text NOT NULL REFERENCES stations (id),
  excursion_id text NOT NULL,
  device_id text NOT NULL,
  type text NOT NULL,
  start_at timestamptz NOT NULL,
  end_at timestamptz,
  peak double precision,
  duration_min integer NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (station_id, excursion_id)
);
`

/** Issue 12: staff scopes, the audit log, commands down to the stations, escalation and its outbox. */
const district = `
-- Where a staff account may look and act: the whole district, one street, or one community of a street.
CREATE TABLE staff_scopes (
  name text PRIMARY KEY,
  level text NOT NULL CHECK (level IN ('district', 'street', 'community')),
  street text NOT NULL DEFAULT '',
  community text NOT NULL DEFAULT '',
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text
);

-- Every action taken from the district: who, what, which station, when. Appended only.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  station_id text,
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log (at DESC);

-- A notice or an event published to several stations at once: one command per station.
CREATE TABLE publications (
  id text PRIMARY KEY,
  kind text NOT NULL,
  title text NOT NULL,
  data jsonb NOT NULL,
  target jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL
);

-- Commands down to a station: stored before they are sent, re-sent after every birth until the station's
-- command.result comes up (state ok or failed), or given up after 30 days (expired).
CREATE TABLE commands (
  id text PRIMARY KEY,
  station_id text NOT NULL REFERENCES stations (id),
  type text NOT NULL,
  cv integer NOT NULL,
  data jsonb NOT NULL,
  publication_id text REFERENCES publications (id),
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  sends integer NOT NULL DEFAULT 0,
  sent_at timestamptz,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'ok', 'failed', 'expired')),
  result_at timestamptz,
  problem text,
  result_seq bigint
);
CREATE INDEX commands_pending ON commands (station_id) WHERE state = 'pending';
CREATE INDEX commands_publication ON commands (publication_id);

-- An alert left unacknowledged past escalation.afterMin is escalated once, across instances.
ALTER TABLE alerts ADD COLUMN escalated_at timestamptz;

-- Webhook deliveries of the district (escalations): one row per target and thing, delivered with retries;
-- an instance leases a row while it sends it, so two instances never send the same one at once.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  target text NOT NULL,
  ref text NOT NULL,
  station_id text,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  next_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  lease_until timestamptz,
  delivered_at timestamptz,
  dropped_at timestamptz,
  last_error text,
  UNIQUE (target, ref)
);
CREATE INDEX outbox_due ON outbox (next_at) WHERE delivered_at IS NULL AND dropped_at IS NULL;
`

export const MIGRATIONS: Migration[] = [
  { version: 1, name: 'init', sql: init },
  { version: 2, name: 'district', sql: district },
]
