import type { LeadloopConfig } from '../config/load-config.ts';
import { signedPoints } from '../lead/scoring.ts';
import { describeRule } from '../mapping/field-rule.ts';
import type { StageTarget } from '../mapping/stages-schema.ts';
import { formatTable } from './output.ts';

/** Readable summaries of a loaded config, for `leadloop config check` and `leadloop start`. */

const onOff = (value: boolean) => (value ? 'on' : 'off');
const percent = (share: number) => `${Math.round(share * 100)}%`;

export function describeMainConfig(
  config: LeadloopConfig,
  env: { notifyUrlSet: boolean },
): string[] {
  const { main, files } = config;
  const { sync, schedules, apiBudget, handoff, notifications } = main;
  const others = [files.scoring, files.sla, files.fields, files.stages].map((file) => file.name);
  const notify = !notifications.enabled
    ? 'off'
    : `on for ${notifications.events.join(', ')}${
        env.notifyUrlSet ? '' : ' (LEADLOOP_NOTIFY_URL is not set: alerts are only logged)'
      }`;
  return [
    `Configuration ${files.main.name}, with ${others.join(', ')}`,
    `  systems: hubspot ${onOff(main.systems.hubspot.enabled)}, salesforce ${onOff(main.systems.salesforce.enabled)}`,
    `  sync: every ${sync.pollInterval.text} in the foreground; batches of ${sync.batchSize.hubspot} (hubspot) and ${sync.batchSize.salesforce} (salesforce); re-reads ${sync.overlapWindow.text} of HubSpot changes; ties go to ${sync.tieBreak}`,
    `  identity: plus-address folding ${onOff(sync.identity.foldPlusAddresses)}; deletes ${sync.propagateDeletes ? 'propagated' : 'not propagated (unlink and audit)'}`,
    `  schedules (${schedules.timezone}): sync "${schedules.sync}", sla "${schedules.sla}", report snapshot "${schedules.reportSnapshot}"`,
    `  api budget: at most ${percent(apiBudget.hubspot)} of HubSpot's and ${percent(apiBudget.salesforce)} of Salesforce's daily limit`,
    `  handoff: ${
      handoff.createSalesforceLeadOnMql
        ? 'an MQL without a Salesforce record becomes a Salesforce Lead'
        : 'off'
    }${handoff.useAssignmentRules ? ', owner chosen by assignment rules' : ''}`,
    `  notifications: ${notify}`,
  ];
}

function describeTarget(target: StageTarget): string {
  const reason = [
    target.reasonField === undefined ? undefined : `reason from ${target.reasonField}`,
    target.reason === undefined ? undefined : `"${target.reason}"`,
  ].filter((part) => part !== undefined);
  return reason.length === 0 ? target.stage : `${target.stage} (${reason.join(', else ')})`;
}

const arrows = (map: Readonly<Record<string, StageTarget>>) =>
  Object.entries(map).map(([value, target]) => `${value} → ${describeTarget(target)}`);

export function describeMappings(config: LeadloopConfig): string[] {
  const rows = Object.entries(config.fields.fields).map(([field, mapping]) => {
    const values =
      Object.keys(mapping.values?.toSalesforce ?? {}).length +
      Object.keys(mapping.values?.toHubspot ?? {}).length;
    return [
      field,
      mapping.hubspot ?? '-',
      mapping.salesforce.lead ?? '-',
      mapping.salesforce.contact ?? '-',
      describeRule(mapping.rule) + (values > 0 ? ` (${values} values mapped)` : ''),
    ];
  });
  const { hubspot, salesforce } = config.stages;
  const written = [
    ...Object.entries(hubspot.lifecycleFor).map(([stage, value]) => `${stage} → ${value ?? '-'}`),
    `recycled → ${hubspot.recycledLifecycle} (cleared first)`,
  ];
  const opportunity = salesforce.opportunity;
  return [
    `Fields (${config.files.fields.name})`,
    ...formatTable(['field', 'hubspot', 'salesforce lead', 'salesforce contact', 'rule'], rows),
    '',
    `Stages (${config.files.stages.name})`,
    `  HubSpot lifecyclestage: ${arrows(hubspot.lifecyclestage).join('; ')}`,
    `  written to HubSpot: ${written.join('; ')}`,
    `  Salesforce Lead Status: ${arrows(salesforce.leadStatus).join('; ')}`,
    `  Opportunity: open → ${describeTarget(opportunity.open)}; Closed Won → ${describeTarget(opportunity.closedWon)}; Closed Lost → ${describeTarget(opportunity.closedLost)}`,
  ];
}

export function describeScoring(config: LeadloopConfig): string[] {
  const { mqlThreshold, grades, fit, engagement } = config.scoring;
  const rows = [
    ...fit.map((rule) => ['fit', rule.id, signedPoints(rule.points), rule.label]),
    ...engagement.map((rule) => [
      'engagement',
      rule.id,
      `${signedPoints(rule.pointsPerUnit)} each, up to ${rule.cap}${
        rule.decay === undefined ? '' : `, halving every ${rule.decay.halfLifeDays} days`
      }`,
      rule.label,
    ]),
  ];
  return [
    `Scoring (${config.files.scoring.name})`,
    `  MQL at a total of ${mqlThreshold} or more; grades A ≥ ${grades.A}, B ≥ ${grades.B}, C ≥ ${grades.C}, D below ${grades.C}`,
    ...formatTable(['kind', 'rule', 'points', 'label'], rows),
  ];
}

const clock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export function describeSla(config: LeadloopConfig): string[] {
  const {
    timezone,
    businessHours,
    holidays,
    windows,
    escalateAfter,
    autoRecycleAfterDays,
    followUpEvidence,
  } = config.sla;
  const hours = Object.entries(businessHours)
    .map(
      ([day, ranges]) =>
        `${day.slice(0, 3)} ${ranges.length === 0 ? 'closed' : ranges.map((range) => `${clock(range.start)}-${clock(range.end)}`).join(', ')}`,
    )
    .join('; ');
  const rows = (['A', 'B', 'C', 'D'] as const).map((grade) => [
    grade,
    windows[grade].text,
    escalateAfter[grade].text,
  ]);
  return [
    `SLA (${config.files.sla.name})`,
    `  business hours in ${timezone}: ${hours}; ${holidays.length} holidays`,
    ...formatTable(['grade', 'follow up within', 'then escalate after'], rows),
    `  auto-recycle: ${autoRecycleAfterDays === undefined ? 'never' : `after ${autoRecycleAfterDays} days without follow-up`}; follow-up evidence: ${followUpEvidence.join(', ')}`,
  ];
}
