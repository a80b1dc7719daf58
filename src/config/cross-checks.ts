import { renderPath } from './describe-value.ts';
import type { ConfigFileKind, LeadloopConfig } from './load-config.ts';
import type { ConfigProblem } from './problem.ts';
import type { YamlSource } from './yaml-file.ts';

/**
 * Checks that need two files at once: each file can be valid alone and still disagree with
 * another (a handoff that cannot create a Salesforce Lead, an unsynced email).
 */
export function crossCheck(
  config: LeadloopConfig,
  sources: Record<ConfigFileKind, YamlSource>,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const report = (
    kind: ConfigFileKind,
    path: (string | number)[],
    fields: { code: string; expected: string; found: string; hint: string },
  ) => {
    const { line, column } = sources[kind].locate(path);
    problems.push({
      file: sources[kind].file,
      line,
      column,
      path: renderPath(path),
      message: `expected ${fields.expected}, found ${fields.found}`,
      ...fields,
    });
  };
  const { fields } = config.fields;

  // Identity matches records by email, so email must exist on every side and be synced.
  const email = fields.email;
  const emailHint =
    'leadloop finds the same person in both systems by email; map it on every side with a synced rule (the shipped default does)';
  if (email.rule.kind === 'none') {
    report('fields', ['fields', 'email', 'rule'], {
      code: 'mapping.email_required',
      expected: 'a synced rule for email (two-way, prefer or always)',
      found: '"none"',
      hint: emailHint,
    });
  }
  for (const [side, name] of [
    [['hubspot'], 'a HubSpot property'],
    [['salesforce', 'lead'], 'a Salesforce Lead field'],
    [['salesforce', 'contact'], 'a Salesforce Contact field'],
  ] as const) {
    const value = side.length === 1 ? email.hubspot : email.salesforce[side[1]];
    if (value !== null) continue;
    report('fields', ['fields', 'email', ...side], {
      code: 'mapping.email_required',
      expected: `${name} for email`,
      found: 'an empty value',
      hint: emailHint,
    });
  }

  // Salesforce refuses a Lead without LastName; the handoff creates Leads.
  if (config.main.handoff.createSalesforceLeadOnMql && fields.lastName.salesforce.lead === null) {
    report('fields', ['fields', 'lastName', 'salesforce', 'lead'], {
      code: 'mapping.handoff_needs_last_name',
      expected:
        'a Salesforce Lead field for lastName, because handoff.createSalesforceLeadOnMql is on',
      found: 'an empty value',
      hint: `Salesforce refuses a Lead without LastName; map it, or turn off handoff.createSalesforceLeadOnMql in ${config.files.main.name}`,
    });
  }

  // A Lead created by the handoff starts in some Lead Status; leadloop must read it as mql.
  const statuses = Object.values(config.stages.salesforce.leadStatus);
  if (
    config.main.handoff.createSalesforceLeadOnMql &&
    !statuses.some((target) => target.stage === 'mql')
  ) {
    report('stages', ['salesforce', 'leadStatus'], {
      code: 'mapping.handoff_needs_mql_status',
      expected: 'a Lead Status that maps to mql, because handoff.createSalesforceLeadOnMql is on',
      found: 'none',
      hint: 'map the status new Leads start in (usually "Open - Not Contacted") to mql',
    });
  }
  return problems;
}
