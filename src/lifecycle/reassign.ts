import type { SlaReassignment } from '../lead/sla-config.ts';
import { logger } from '../log/logger.ts';
import type { Engine } from '../sync/engine.ts';

/**
 * Escalation may take a lead from its owner (`reassignOnEscalation` in config/sla.yaml): to a
 * lead queue, or to a rep of a round-robin pool. The pick is a function of the clock, so a
 * sweep retried after a crash hands the lead to the same rep, and never to its current owner.
 */
export function reassignmentTarget(
  policy: SlaReassignment,
  clockId: string,
  currentOwnerId: string | undefined,
): string | undefined {
  if ('queue' in policy) return policy.queue === currentOwnerId ? undefined : policy.queue;
  const pool = policy.roundRobin.filter((id) => id !== currentOwnerId);
  if (pool.length === 0) return undefined;
  let hash = 0;
  for (const char of clockId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return pool[hash % pool.length];
}

/**
 * Sets the new owner on the Salesforce record. Queues can own Leads only, so a Contact keeps its
 * owner when the target is a queue. False when Salesforce refused it. The write sends `Sforce-Auto-Assign: FALSE` (the connector
 * does for every update), or the org's assignment rule would pick the owner again.
 */
export async function reassignRecord(
  engine: Engine,
  record: { object: string; externalId: string },
  ownerId: string,
): Promise<boolean> {
  const salesforce = engine.connectors.salesforce;
  if (salesforce === undefined) return false;
  if (record.object !== 'Lead' && ownerId.startsWith('00G')) return false;
  const [outcome] = await salesforce.write(record.object, [
    {
      ref: `reassign:${record.externalId}`,
      action: 'update',
      id: record.externalId,
      fields: { OwnerId: ownerId },
    },
  ]);
  if (outcome?.ok === true) return true;
  // Refused for this record (an inactive user, a locked record): the owner keeps the lead.
  logger('lifecycle.sla').warn('Salesforce refused the escalation reassignment', {
    object: record.object,
    code: outcome?.ok === false ? outcome.error.code : 'no answer',
  });
  return false;
}
