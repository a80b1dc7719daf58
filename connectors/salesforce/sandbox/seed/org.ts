import { SALES_MANAGERS, SALES_REPS } from '../../../../src/sandbox/seed/vocabulary.ts';
import { SANDBOX_INTEGRATION_USERNAME } from '../config.ts';
import { blankRecord, stampCreated } from '../records/blank.ts';
import type { SalesforceState } from '../state.ts';

/**
 * The people every org starts with: the integration user leadloop signs in as (and who owns
 * what nobody else does), the sales managers, the sales reps reporting to them (the lead
 * assignment rule's round-robin), and a lead queue.
 */
export interface OrgUsers {
  readonly integration: string;
  readonly managers: readonly string[];
  readonly reps: readonly string[];
  readonly queue: string;
}

const DOMAIN = 'acme-sandbox.example';
/** When the org was set up; users keep this CreatedDate. */
export const ORG_CREATED = Date.UTC(2024, 0, 15, 9, 0, 0);

const ascii = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-zA-Z]/g, '')
    .toLowerCase();

export function createOrgUsers(state: SalesforceState): OrgUsers {
  const users = state.store('User')!;
  const add = (
    first: string,
    last: string,
    extra: Record<string, string | boolean | null>,
  ): string => {
    const id = users.nextId();
    const record = blankRecord(users.schema, id);
    const login = `${ascii(first)}.${ascii(last)}`;
    Object.assign(record.values, {
      Username: `${login}@${DOMAIN}`,
      FirstName: first,
      LastName: last,
      Name: `${first} ${last}`,
      CompanyName: 'Acme Analytics',
      Email: `${login}@${DOMAIN}`,
      Alias: `${ascii(first).slice(0, 1)}${ascii(last)}`.slice(0, 8),
      IsActive: true,
      UserType: 'Standard',
      TimeZoneSidKey: 'America/New_York',
      ...extra,
    });
    stampCreated(record, id, ORG_CREATED);
    users.insert(record);
    return id;
  };
  const integration = add('LeadLoop', 'Integration', {
    Username: SANDBOX_INTEGRATION_USERNAME,
    Email: `integrations@${DOMAIN}`,
    Title: 'Integration User',
    Department: 'Revenue Operations',
    // GMT: the org's date literals (TODAY, LAST_N_DAYS) are the session user's days.
    TimeZoneSidKey: 'GMT',
  });
  const managers = SALES_MANAGERS.map((manager) =>
    add(manager.firstName, manager.lastName, { Title: 'Sales Manager', Department: 'Sales' }),
  );
  const reps = SALES_REPS.map((rep) =>
    add(rep.firstName, rep.lastName, {
      Title: 'Account Executive',
      Department: 'Sales',
      ManagerId: managers[rep.managerIndex] ?? null,
    }),
  );

  const groups = state.store('Group')!;
  const queue = groups.nextId();
  const record = blankRecord(groups.schema, queue);
  Object.assign(record.values, {
    Name: 'Unassigned Leads',
    DeveloperName: 'Unassigned_Leads',
    Type: 'Queue',
    Email: `leads@${DOMAIN}`,
    OwnerId: integration,
  });
  stampCreated(record, integration, ORG_CREATED);
  groups.insert(record);
  return { integration, managers, reps, queue };
}
