-- Closed loop (issue 7): which leads an opportunity belongs to, and the Salesforce users behind
-- owners (names for HubSpot's leadloop_owner, managers for SLA escalation).

-- One row per (opportunity, lead): through the converted lead, or an OpportunityContactRole.
CREATE TABLE opportunity_leads (
  system text NOT NULL,
  opportunity_id text NOT NULL,
  lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  -- The OpportunityContactRole id, or 'converted' for the lead's own conversion.
  via text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (system, opportunity_id, lead_id)
);
CREATE INDEX opportunity_leads_lead_idx ON opportunity_leads (lead_id);

CREATE TABLE vendor_users (
  system text NOT NULL,
  id text NOT NULL,
  name text,
  email text,
  manager_id text,
  active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (system, id)
);
