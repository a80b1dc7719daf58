-- Durable work any replica can take: jobs claimed with FOR UPDATE SKIP LOCKED under a lease,
-- and webhook event ids remembered so a replayed delivery is ignored.

CREATE TABLE jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- At most one unfinished job per key (a second enqueue is a no-op until it is done).
  dedupe_key text,
  run_after timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 5 CHECK (max_attempts > 0),
  locked_by text,
  locked_until timestamptz,
  created_at timestamptz NOT NULL,
  done_at timestamptz,
  -- Gave up after max_attempts; kept with last_error for the admin.
  failed_at timestamptz,
  last_error text
);
CREATE UNIQUE INDEX jobs_dedupe_key ON jobs (dedupe_key)
  WHERE done_at IS NULL AND failed_at IS NULL;
CREATE INDEX jobs_ready_idx ON jobs (run_after, id) WHERE done_at IS NULL AND failed_at IS NULL;
CREATE INDEX jobs_finished_idx ON jobs (coalesce(done_at, failed_at))
  WHERE done_at IS NOT NULL OR failed_at IS NOT NULL;

CREATE TABLE webhook_events (
  system text NOT NULL,
  event_id text NOT NULL,
  received_at timestamptz NOT NULL,
  payload jsonb NOT NULL,
  PRIMARY KEY (system, event_id)
);
CREATE INDEX webhook_events_received_idx ON webhook_events (received_at);
