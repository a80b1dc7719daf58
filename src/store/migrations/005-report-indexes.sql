-- Pipeline review (issue 9): indexes for the report queries in src/report/.

-- Stage velocity: every stage move in a period, whatever the stage (stage_history_stage_at_idx
-- serves the waterfall and recycles, which filter on the stage first).
CREATE INDEX stage_history_at_idx ON stage_history (at);

-- Open breaches, oldest first: the few clocks past due and not yet closed.
CREATE INDEX sla_clocks_open_breach_idx ON sla_clocks (due_at, id)
  WHERE closed_at IS NULL AND status IN ('breached', 'escalated');

-- Sync health: the last runs of any kind (runs_kind_started_idx needs a kind).
CREATE INDEX runs_started_idx ON runs (started_at DESC);
