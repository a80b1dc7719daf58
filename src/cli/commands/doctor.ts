import type { Command } from 'commander';
import { runHubspotDoctor } from '../../../connectors/hubspot/index.ts';
import { runSalesforceDoctor } from '../../../connectors/salesforce/index.ts';
import { connectorOptions, doctorExpectations, enabledSystems } from '../../app/connectors.ts';
import { env } from '../../config/env.ts';
import { LeadloopError } from '../../errors/leadloop-error.ts';
import type { DoctorCheck, SystemName } from '../../sync/connector.ts';
import { CONFIG_OPTION, loadConfigFor } from '../load.ts';
import { formatTable, print } from '../output.ts';

/**
 * `leadloop doctor`: for each enabled system, a checklist — credentials, API version, every
 * mapped field visible (and writable where leadloop writes), picklist values the mappings use,
 * API budget left, clock skew — with a fix under each failure. Exit 1 when any check failed.
 */
const TITLES: Readonly<Record<SystemName, string>> = {
  salesforce: 'Salesforce',
  hubspot: 'HubSpot',
};
const MARKS: Readonly<Record<DoctorCheck['status'], string>> = {
  ok: 'ok',
  warn: 'WARN',
  fail: 'FAIL',
};

export function doctorLines(system: SystemName, checks: readonly DoctorCheck[]): string[] {
  const rows = checks.flatMap((check) => [
    [MARKS[check.status], check.name, check.detail],
    ...(check.status === 'ok' || check.fix === undefined
      ? []
      : check.fix
          .split('\n')
          .map((line, index) => ['', '', `${index === 0 ? 'fix: ' : '     '}${line}`])),
  ]);
  return [TITLES[system], ...formatTable(['', 'check', 'result'], rows)];
}

async function doctor(options: { config?: string }): Promise<void> {
  const config = loadConfigFor(options);
  const settings = { env: env(), config };
  const built = connectorOptions(settings);
  const expected = doctorExpectations(config);
  const enabled = enabledSystems(config);
  const runs: Record<SystemName, () => Promise<DoctorCheck[]>> = {
    salesforce: () => runSalesforceDoctor(built.salesforce, expected.salesforce),
    hubspot: () => runHubspotDoctor(built.hubspot, expected.hubspot),
  };
  const all: DoctorCheck[] = [];
  for (const system of ['salesforce', 'hubspot'] as const) {
    if (!enabled.includes(system)) {
      print(
        TITLES[system],
        `  skipped: turned off in config (systems.${system}.enabled: false)`,
        '',
      );
      continue;
    }
    const checks = await runs[system]();
    all.push(...checks);
    print(...doctorLines(system, checks), '');
  }
  const count = (status: DoctorCheck['status']) =>
    all.filter((check) => check.status === status).length;
  print(`doctor: ${count('ok')} ok, ${count('warn')} warnings, ${count('fail')} failed`);
  if (count('fail') > 0) {
    throw new LeadloopError('doctor.failed', `${count('fail')} check(s) failed`, {
      hint: 'apply the fix printed under each failed check, then run `leadloop doctor` again',
    });
  }
}

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('check credentials, fields, picklists, API budget and clock')
    .option(...CONFIG_OPTION)
    .action(async (options: { config?: string }) => {
      await doctor(options);
    });
}
