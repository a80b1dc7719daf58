import type { LeadDecision } from '../../sync/decide-lead.ts';
import type { LeadState } from '../../sync/lead-state.ts';
import type { PlannedWrite } from '../../sync/plan.ts';
import type { SyncResult } from '../../sync/run-sync.ts';
import type { FieldValue } from '../../sync/connector.ts';
import { formatTable } from '../output.ts';

/** The closing summary of `leadloop sync`: what was pulled and written, per system. */
export function summaryLines(result: SyncResult, label = 'sync'): string[] {
  const { counts } = result;
  const row = (system: 'salesforce' | 'hubspot', title: string) => [
    title,
    String(counts[system].created),
    String(counts[system].updated),
    String(counts[system].unchanged),
    String(counts[system].failed),
    String(counts.apiCalls[system]),
  ];
  const lines = [
    `${label} ${result.status}: pulled ${counts.pulled} records, reconciled ${counts.leads} leads, ${counts.newLeads} new, ${counts.stageChanges} stage changes (${result.passes} pass${result.passes === 1 ? '' : 'es'})`,
    ...formatTable(
      ['system', 'created', 'updated', 'unchanged', 'failed', 'API calls'],
      [row('salesforce', 'Salesforce'), row('hubspot', 'HubSpot')],
    ),
  ];
  if (counts.deadLetters > 0) {
    lines.push(
      `${counts.deadLetters} record(s) went to dead letters: see them and retry with \`leadloop replay\`.`,
    );
  }
  if (counts.conflicts > 0) {
    lines.push(
      `${counts.conflicts} identity conflict(s) need an admin: two records claim one lead.`,
    );
  }
  if (result.stoppedReason !== undefined) lines.push(`stopped: ${result.stoppedReason}`);
  return lines;
}

const show = (value: FieldValue): string => (value === null ? '(blank)' : JSON.stringify(value));

/** One lead of a dry run's plan: each write with its field-level before → after, and stage moves. */
export function planLines(
  lead: LeadState,
  decision: LeadDecision,
  plans: readonly PlannedWrite[],
): string[] {
  const who = lead.lead.emailNormalized ?? lead.lead.id;
  const lines: string[] = [];
  let from = lead.lead.stage;
  for (const entry of decision.entries) {
    lines.push(
      `stage  ${who}: ${from} → ${entry.stage}${entry.reason === undefined ? '' : ` (${entry.reason})`}`,
    );
    from = entry.stage;
  }
  for (const plan of plans) {
    const verb = plan.request.action === 'update' ? 'update' : 'create';
    const target = plan.request.id ?? `new ${plan.object}`;
    lines.push(`${verb} ${plan.system} ${plan.object} ${target} for ${who}`);
    for (const change of plan.changes)
      lines.push(`    ${change.field}: ${show(change.before)} → ${show(change.after)}`);
  }
  return lines;
}
