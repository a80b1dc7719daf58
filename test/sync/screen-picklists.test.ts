import { describe, expect, it } from '@jest/globals';
import type { Connector, ObjectDescription } from '../../src/sync/connector.ts';
import type { PlannedWrite } from '../../src/sync/plan.ts';
import { screenPicklists } from '../../src/sync/screen-picklists.ts';

const lead: ObjectDescription = {
  object: 'Lead',
  fields: new Map([
    [
      'Status',
      {
        name: 'Status',
        type: 'picklist',
        createable: true,
        updateable: true,
        picklist: { values: ['Open - Not Contacted', 'Working - Contacted'], restricted: true },
      },
    ],
    [
      'LeadSource',
      {
        name: 'LeadSource',
        type: 'picklist',
        createable: true,
        updateable: true,
        picklist: { values: ['Web'], restricted: false },
      },
    ],
  ]),
};
const connector = { system: 'salesforce', describe: async () => lead } as unknown as Connector;

const write = (ref: string, fields: Record<string, string | null>): PlannedWrite => ({
  system: 'salesforce',
  object: 'Lead',
  changes: [],
  request: { ref, action: 'update', id: `00Q${ref}`, fields },
});

describe('restricted picklist values are caught before the write', () => {
  it('holds back only the record with a value the picklist rejects, and says how to fix it', async () => {
    const { send, rejected } = await screenPicklists(connector, [
      write('a', { Status: 'Working - Contacted' }),
      write('b', { Status: 'Nurturing' }),
      // Unrestricted picklists take any value; a blank is not a value.
      write('c', { LeadSource: 'Seminar', Status: null }),
    ]);
    expect(send.map((plan) => plan.request.ref)).toEqual(['a', 'c']);
    expect(rejected).toEqual([
      {
        ref: 'b',
        ok: false,
        error: {
          kind: 'invalid_record',
          code: 'PICKLIST_VALUE_NOT_ALLOWED',
          message:
            'Lead.Status: "Nurturing" is not one of its values (Open - Not Contacted, Working - Contacted). Add the value to the picklist in salesforce, or translate it in mappings/fields.yaml (values), then run leadloop replay.',
          fields: ['Lead.Status'],
        },
      },
    ]);
  });
});
