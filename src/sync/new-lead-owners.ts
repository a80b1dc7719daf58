import type { Owner } from '../lead/lead.ts';
import { logger } from '../log/logger.ts';
import { BudgetExhaustedError, type WriteOutcome } from './connector.ts';
import { ownerFromSalesforce } from './decide-lead.ts';
import type { RunContext } from './engine.ts';
import type { PlannedWrite } from './plan.ts';
import { withRetry } from './retry.ts';

/**
 * Salesforce gives a new Lead its owner by assignment rules, after the create; the create's
 * answer carries only the id. Reading the new Leads back (one query per 200) lets HubSpot get
 * the owner and the SLA clock its owner in the same pass, instead of one more write per contact
 * in the next. Without an answer the owner simply arrives with the next pull. A run that pulls
 * again before its next pass skips this: that pull reads the new Leads anyway (reconcile.ts).
 */
const log = logger('sync.reconcile');

/** An upsert by leadloop's id that Salesforce accepted: this lead's handoff (created or matched). */
export const isHandoff = (
  plan: PlannedWrite | undefined,
  outcome: WriteOutcome | undefined,
): outcome is WriteOutcome & { ok: true } =>
  plan?.request.action === 'upsert' && plan.object === 'Lead' && outcome?.ok === true;

/** Lead id → owner of the Salesforce Lead this push just created for it. */
export async function ownersOfNewLeads(
  run: RunContext,
  pushed: readonly {
    leadId: string;
    plan: PlannedWrite | undefined;
    outcome: WriteOutcome | undefined;
  }[],
): Promise<Map<string, Owner>> {
  const connector = run.engine.connectors.salesforce;
  const leadOf = new Map<string, string>();
  for (const { leadId, plan, outcome } of pushed) {
    if (isHandoff(plan, outcome)) leadOf.set(outcome.id, leadId);
  }
  const owners = new Map<string, Owner>();
  if (connector === undefined || run.dryRun || leadOf.size === 0) return owners;
  try {
    const records = await withRetry(() => connector.fetchByIds('Lead', [...leadOf.keys()]));
    for (const record of records) {
      const owner = ownerFromSalesforce((field) => record.fields[field]);
      const leadId = leadOf.get(record.id);
      if (owner !== undefined && leadId !== undefined) owners.set(leadId, owner);
    }
  } catch (error) {
    if (error instanceof BudgetExhaustedError || run.signal?.aborted === true) throw error;
    log.warn('new Leads not read back: their owners arrive with the next pull', {
      leads: leadOf.size,
      error: error instanceof Error ? error.message : String(error),
    });
  }
  return owners;
}
