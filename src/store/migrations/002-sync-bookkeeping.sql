-- What the sync engine remembers between and about runs: cursors, runs, dead letters, audit.

-- One checkpoint per system object. The value is opaque here; the connector validates it with
-- zod on read, and an unreadable cursor means a full resync.
CREATE TABLE cursors (
  system text NOT NULL,
  object text NOT NULL,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (system, object)
);

CREATE TABLE runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  status text NOT NULL,
  trigger text NOT NULL,
  summary jsonb NOT NULL DEFAULT '{}'::jsonb,
  error jsonb
);
CREATE INDEX runs_kind_started_idx ON runs (kind, started_at DESC);
CREATE INDEX runs_unfinished_idx ON runs (kind) WHERE finished_at IS NULL;

-- A record a system rejected, with the vendor's message. One unresolved row per subject: a
-- repeat failure bumps attempts instead of piling up rows.
CREATE TABLE dead_letters (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id uuid,
  system text NOT NULL,
  object text NOT NULL,
  operation text NOT NULL,
  lead_id uuid,
  external_id text,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  error_kind text NOT NULL,
  error_code text,
  error_message text NOT NULL,
  attempts integer NOT NULL DEFAULT 1,
  first_failed_at timestamptz NOT NULL,
  last_failed_at timestamptz NOT NULL,
  resolved_at timestamptz,
  resolution text
);
CREATE UNIQUE INDEX dead_letters_open_subject ON dead_letters
  (system, object, operation, (coalesce(lead_id::text, '')), (coalesce(external_id, '')))
  WHERE resolved_at IS NULL;
CREATE INDEX dead_letters_unresolved_idx ON dead_letters (id) WHERE resolved_at IS NULL;
CREATE INDEX dead_letters_lead_idx ON dead_letters (lead_id);
CREATE INDEX dead_letters_run_idx ON dead_letters (run_id);

-- Every write leadloop made or skipped on purpose, field by field. No foreign keys: the audit
-- outlives the leads it describes.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id uuid,
  lead_id uuid,
  system text NOT NULL,
  object text NOT NULL,
  external_id text,
  operation text NOT NULL,
  before jsonb,
  after jsonb,
  at timestamptz NOT NULL
);
CREATE INDEX audit_log_lead_idx ON audit_log (lead_id, at);
CREATE INDEX audit_log_run_idx ON audit_log (run_id);
CREATE INDEX audit_log_at_idx ON audit_log (at);
