import { describe, expect, it } from '@jest/globals';
import { Client } from '@hubspot/api-client';
import { Connection } from 'jsforce';
import { LeadloopError } from '../../src/errors/leadloop-error.ts';
import { startBothSandboxes } from '../../src/sandbox/start.ts';

/**
 * startBothSandboxes: the one entry point the demo, the CLI and end-to-end tests use to get
 * both emulators on one port, seeded alike, with the connection settings each SDK needs.
 */
describe('startBothSandboxes', () => {
  it('serves both vendors on one port, seeded deterministically, and closes', async () => {
    const first = await startBothSandboxes({ count: 60, seed: 11 });
    const second = await startBothSandboxes({ count: 60, seed: 11 });
    try {
      expect(first.salesforce.instanceUrl).toBe(first.url);
      expect(first.hubspot.baseUrl).toBe(first.url);
      expect(first.url).toBe(`http://127.0.0.1:${first.port}`);
      expect(second.seeded).toEqual(first.seeded);
      expect(first.seeded.hubspot).toMatchObject({ contacts: 60 });

      const conn = new Connection({ ...first.salesforce, version: '62.0' });
      const leads = await conn.query<{ Email: string }>('SELECT Email FROM Lead ORDER BY Id');
      expect(leads.totalSize).toBe(first.seeded.salesforce?.Lead);
      const again = new Connection({ ...second.salesforce, version: '62.0' });
      expect(
        (await again.query<{ Email: string }>('SELECT Email FROM Lead ORDER BY Id')).records.map(
          (lead) => lead.Email,
        ),
      ).toEqual(leads.records.map((lead) => lead.Email));

      const hubspot = new Client({
        accessToken: first.hubspot.accessToken,
        basePath: first.hubspot.baseUrl,
      });
      const contact = await hubspot.crm.contacts.basicApi.getById('1', ['email']);
      expect(contact.properties.email).toMatch(/@/);
      // Every seeded Salesforce lead is a person HubSpot knows too (one market).
      const emails = new Set(
        (await hubspot.crm.contacts.basicApi.getPage(100, undefined, ['email'])).results.map(
          (result) => result.properties.email?.toLowerCase(),
        ),
      );
      for (const lead of leads.records) expect(emails.has(lead.Email.toLowerCase())).toBe(true);
    } finally {
      await first.close();
      await second.close();
    }
    await expect(fetch(`${first.url}/services/data/`)).rejects.toThrow('fetch failed');
  });

  it('starts empty without a count, and refuses a count out of range', async () => {
    const empty = await startBothSandboxes();
    try {
      expect(empty.seeded).toEqual({});
      const conn = new Connection({ ...empty.salesforce, version: '62.0' });
      expect((await conn.query('SELECT COUNT() FROM Lead')).totalSize).toBe(0);
    } finally {
      await empty.close();
    }
    await expect(startBothSandboxes({ count: 1_000_001 })).rejects.toThrow(
      new LeadloopError('sandbox.invalid_count', 'Cannot seed 1000001 people'),
    );
    await expect(startBothSandboxes({ count: 2.5 })).rejects.toMatchObject({
      code: 'sandbox.invalid_count',
    });
  });
});
