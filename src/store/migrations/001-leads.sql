-- The universal lead and what ties it to vendor records (DESIGN.md "The universal lead").
-- Runs on PGlite and PostgreSQL 13+: plain SQL, gen_random_uuid() from core.

CREATE TABLE leads (
  id uuid PRIMARY KEY,
  -- Trimmed, lower-cased; identify matches on it. Not unique: two leads may share an email
  -- until an admin resolves the identity conflict.
  email_normalized text,
  fields jsonb NOT NULL DEFAULT '{}'::jsonb,
  score jsonb,
  stage text NOT NULL,
  owner jsonb,
  recycle jsonb,
  -- Decision 002: a staged change waits for reconcile. pending_seq orders the backlog and tells
  -- the reconciler whether the lead was staged again while its push was in flight.
  pending_seq bigint,
  pending_since timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  -- Optimistic concurrency: every update checks and bumps it.
  version integer NOT NULL DEFAULT 1 CHECK (version > 0)
);
CREATE SEQUENCE leads_pending_seq;
CREATE INDEX leads_email_idx ON leads (email_normalized) WHERE email_normalized IS NOT NULL;
CREATE INDEX leads_stage_idx ON leads (stage, id);
CREATE INDEX leads_owner_idx ON leads ((owner ->> 'salesforceUserId'), id);
CREATE INDEX leads_pending_idx ON leads (pending_seq) WHERE pending_seq IS NOT NULL;
CREATE INDEX leads_created_idx ON leads (created_at);

-- A vendor record (Salesforce Lead/Contact/Account, HubSpot contact) linked to a lead. Rows are
-- never deleted: an unlinked row is history (merge, conversion, delete) with its reason.
CREATE TABLE links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  system text NOT NULL,
  object text NOT NULL,
  external_id text NOT NULL,
  lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  unlinked_at timestamptz,
  unlink_reason text,
  CHECK ((unlinked_at IS NULL) = (unlink_reason IS NULL))
);
CREATE UNIQUE INDEX links_active_key ON links (system, object, external_id)
  WHERE unlinked_at IS NULL;
CREATE INDEX links_lead_idx ON links (lead_id);

-- Per lead, per system, per field: the last value seen there, its change time (two-way
-- conflicts compare these) and the hash of what leadloop last wrote (its echo is no change).
CREATE TABLE field_state (
  lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  system text NOT NULL,
  field text NOT NULL,
  seen_value jsonb,
  seen_at timestamptz NOT NULL,
  changed_at timestamptz NOT NULL,
  written_hash text,
  written_at timestamptz,
  -- The change time leadloop propagated with that write; an echo keeps this time.
  written_changed_at timestamptz,
  PRIMARY KEY (lead_id, system, field)
);

CREATE TABLE stage_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  stage text NOT NULL,
  from_stage text,
  at timestamptz NOT NULL,
  system text NOT NULL,
  actor text NOT NULL,
  reason text
);
CREATE INDEX stage_history_lead_idx ON stage_history (lead_id, at, id);
-- The demand waterfall: how many leads entered each stage in a period.
CREATE INDEX stage_history_stage_at_idx ON stage_history (stage, at);

-- The follow-up clock started at handoff. Closed clocks are kept for speed-to-lead reports.
CREATE TABLE sla_clocks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  handoff_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  grade text,
  owner_id text,
  status text NOT NULL,
  first_touch_at timestamptz,
  breached_at timestamptz,
  escalated_at timestamptz,
  escalation_due_at timestamptz,
  closed_at timestamptz,
  alerts jsonb NOT NULL DEFAULT '[]'::jsonb
);
CREATE UNIQUE INDEX sla_clocks_one_open ON sla_clocks (lead_id) WHERE closed_at IS NULL;
-- The SLA sweep: open clocks whose deadline passed.
CREATE INDEX sla_clocks_due_idx ON sla_clocks (due_at)
  WHERE closed_at IS NULL AND status = 'on_track';
CREATE INDEX sla_clocks_escalation_idx ON sla_clocks (escalation_due_at)
  WHERE closed_at IS NULL AND status = 'breached';
CREATE INDEX sla_clocks_handoff_idx ON sla_clocks (handoff_at);
CREATE INDEX sla_clocks_owner_idx ON sla_clocks (owner_id, handoff_at);
CREATE INDEX sla_clocks_lead_idx ON sla_clocks (lead_id, handoff_at);

CREATE TABLE opportunities (
  system text NOT NULL,
  id text NOT NULL,
  lead_id uuid REFERENCES leads (id) ON DELETE SET NULL,
  name text NOT NULL,
  stage text NOT NULL,
  amount numeric,
  currency text,
  close_date date,
  status text NOT NULL,
  loss_reason text,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (system, id)
);
CREATE INDEX opportunities_lead_idx ON opportunities (lead_id);
CREATE INDEX opportunities_status_close_idx ON opportunities (status, close_date);

-- Two records of one object claiming one lead: reported for an admin, never guessed.
CREATE TABLE identity_conflicts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  system text NOT NULL,
  object text NOT NULL,
  -- The competing external ids, sorted.
  ids jsonb NOT NULL,
  email_normalized text,
  detected_at timestamptz NOT NULL,
  last_detected_at timestamptz NOT NULL,
  resolved_at timestamptz,
  resolution text
);
CREATE UNIQUE INDEX identity_conflicts_open_key ON identity_conflicts (lead_id, system, object)
  WHERE resolved_at IS NULL;
CREATE INDEX identity_conflicts_detected_idx ON identity_conflicts (detected_at);
