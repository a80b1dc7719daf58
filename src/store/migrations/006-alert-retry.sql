-- An SLA alert the notification endpoint did not take (Slack down, a 5xx) is tried again by
-- later sweeps, with growing gaps: when the next try is due, per clock. Only the few clocks
-- waiting for a retry are in the index.
ALTER TABLE sla_clocks ADD COLUMN alert_retry_at timestamptz;

CREATE INDEX sla_clocks_alert_retry_idx ON sla_clocks (alert_retry_at)
  WHERE alert_retry_at IS NOT NULL;
