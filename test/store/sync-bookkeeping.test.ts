import { randomUUID } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import { z } from 'zod';
import { backends, logRecords, testClock, useStore } from '../support/database.ts';

/** The shape the Salesforce connector keeps: last SystemModstamp and the ids seen in that second. */
const SalesforceCursorSchema = z.strictObject({
  modstamp: z.iso.datetime(),
  seenIds: z.array(z.string()),
});

describe.each(backends)('cursors, runs, dead letters, audit on $name', (backend) => {
  const clock = testClock('2026-03-09T14:00:00.000Z');
  const store = useStore(backend, clock);

  describe('cursors', () => {
    test('save, replace and read back with the connector schema', async () => {
      expect(
        await store().cursors.read('salesforce', 'Lead', SalesforceCursorSchema),
      ).toBeUndefined();
      await store().cursors.save('salesforce', 'Lead', {
        modstamp: '2026-03-09T13:59:58.000Z',
        seenIds: ['00Q5e00000AAA'],
      });
      clock.advance(30_000);
      const next = {
        modstamp: '2026-03-09T14:00:29.000Z',
        seenIds: ['00Q5e00000BBB', '00Q5e00000CCC'],
      };
      await store().cursors.save('salesforce', 'Lead', next);
      expect(await store().cursors.read('salesforce', 'Lead', SalesforceCursorSchema)).toEqual(
        next,
      );
      expect(await store().cursors.get('salesforce', 'Lead')).toEqual({
        system: 'salesforce',
        object: 'Lead',
        value: next,
        updatedAt: '2026-03-09T14:00:30.000Z',
      });
    });

    test('an unreadable cursor means a full resync, with a warning, not a crash', async () => {
      logRecords.length = 0;
      await store().cursors.save('hubspot', 'contacts', { after: 'not-a-cursor-shape' });
      expect(
        await store().cursors.read('hubspot', 'contacts', SalesforceCursorSchema),
      ).toBeUndefined();
      expect(logRecords).toContainEqual(
        expect.objectContaining({
          level: 'warn',
          message: 'unreadable cursor: reading everything again',
          system: 'hubspot',
          object: 'contacts',
        }),
      );
    });

    test('list and reset', async () => {
      await store().cursors.save('salesforce', 'Contact', {
        modstamp: '2026-03-09T12:00:00.000Z',
        seenIds: [],
      });
      expect((await store().cursors.list()).map((c) => `${c.system}/${c.object}`)).toEqual([
        'hubspot/contacts',
        'salesforce/Contact',
        'salesforce/Lead',
      ]);
      expect(await store().cursors.reset('salesforce', 'Contact')).toBe(1);
      expect(await store().cursors.reset('salesforce')).toBe(1);
      expect((await store().cursors.list()).map((c) => c.system)).toEqual(['hubspot']);
    });
  });

  describe('runs', () => {
    test('start, progress and finish a sync run', async () => {
      clock.set('2026-03-09T15:00:00.000Z');
      const run = await store().runs.start({ kind: 'sync', trigger: 'schedule' });
      expect(run).toEqual({
        id: run.id,
        kind: 'sync',
        startedAt: '2026-03-09T15:00:00.000Z',
        finishedAt: null,
        status: 'started',
        trigger: 'schedule',
        summary: {},
        error: null,
      });
      await store().runs.progress(run.id, 'pulling');
      await store().runs.progress(run.id, 'reconciling', {
        pulled: { salesforce: 120, hubspot: 340 },
      });
      expect((await store().runs.unfinished('sync')).map((r) => r.id)).toEqual([run.id]);
      clock.advance(42_000);
      const done = await store().runs.finish(run.id, {
        status: 'partial',
        summary: { pulled: { salesforce: 120, hubspot: 340 }, written: 57, deadLetters: 2 },
      });
      expect(done).toMatchObject({
        status: 'partial',
        finishedAt: '2026-03-09T15:00:42.000Z',
        error: null,
      });
      expect(done.summary).toEqual({
        pulled: { salesforce: 120, hubspot: 340 },
        written: 57,
        deadLetters: 2,
      });
      expect(await store().runs.unfinished()).toEqual([]);
    });

    test('a failed run keeps its error; latest lists newest first', async () => {
      clock.set('2026-03-09T16:00:00.000Z');
      const failed = await store().runs.start({ kind: 'sync', trigger: 'cli' });
      await store().runs.finish(failed.id, {
        status: 'failed',
        error: {
          code: 'connector.auth',
          message: 'INVALID_SESSION_ID: Session expired or invalid',
        },
      });
      clock.set('2026-03-09T16:05:00.000Z');
      const sla = await store().runs.start({ kind: 'sla', trigger: 'schedule' });
      expect((await store().runs.latest({ limit: 2 })).map((r) => r.id)).toEqual([
        sla.id,
        failed.id,
      ]);
      expect((await store().runs.latest({ kind: 'sync', limit: 1 }))[0]?.error).toEqual({
        code: 'connector.auth',
        message: 'INVALID_SESSION_ID: Session expired or invalid',
      });
      expect(await store().runs.get(randomUUID())).toBeUndefined();
    });
  });

  describe('dead letters', () => {
    const rejected = {
      system: 'salesforce',
      object: 'Lead',
      operation: 'upsert',
      externalId: null,
      payload: { LeadLoop_Id__c: 'x', Email: 'ana@northwind.example', LastName: null },
      errorKind: 'invalid_record' as const,
      errorCode: 'REQUIRED_FIELD_MISSING',
      errorMessage: 'Required fields are missing: [LastName]',
    };

    test('add a page; a repeat failure of the same record bumps attempts instead of adding a row', async () => {
      clock.set('2026-03-09T17:00:00.000Z');
      const runId = randomUUID();
      const ana = randomUUID();
      const bo = randomUUID();
      const added = await store().deadLetters.add([
        { ...rejected, runId, leadId: ana },
        {
          ...rejected,
          runId,
          leadId: bo,
          errorCode: 'INVALID_EMAIL_ADDRESS',
          errorMessage: 'Email: invalid email address: bo@@x',
        },
      ]);
      expect(added.map((d) => [d.leadId, d.attempts])).toEqual([
        [ana, 1],
        [bo, 1],
      ]);
      expect(added[0]).toEqual({
        id: added[0]?.id,
        runId,
        leadId: ana,
        ...rejected,
        attempts: 1,
        firstFailedAt: '2026-03-09T17:00:00.000Z',
        lastFailedAt: '2026-03-09T17:00:00.000Z',
        resolvedAt: null,
        resolution: null,
      });

      clock.advance(600_000);
      const nextRun = randomUUID();
      const [again] = await store().deadLetters.add([{ ...rejected, runId: nextRun, leadId: ana }]);
      expect(again).toMatchObject({
        id: added[0]?.id,
        attempts: 2,
        runId: nextRun,
        lastFailedAt: '2026-03-09T17:10:00.000Z',
        firstFailedAt: '2026-03-09T17:00:00.000Z',
      });
      expect(await store().deadLetters.countUnresolved()).toBe(2);
    });

    test('list unresolved in order, bump on a failed replay, resolve', async () => {
      const open = await store().deadLetters.listUnresolved({ limit: 10 });
      expect(open).toHaveLength(2);
      const [first, second] = open;
      if (first === undefined || second === undefined) throw new Error('no letters');
      expect(await store().deadLetters.listUnresolved({ afterId: first.id, limit: 10 })).toEqual([
        second,
      ]);
      expect(await store().deadLetters.listUnresolved({ system: 'hubspot', limit: 10 })).toEqual(
        [],
      );

      const bumped = await store().deadLetters.bumpAttempts(second.id, {
        errorKind: 'transient',
        errorCode: 'UNABLE_TO_LOCK_ROW',
        errorMessage: 'unable to obtain exclusive access to this record',
      });
      expect(bumped).toMatchObject({
        attempts: 2,
        errorKind: 'transient',
        errorCode: 'UNABLE_TO_LOCK_ROW',
      });

      expect(await store().deadLetters.markResolved([first.id, second.id], 'replayed')).toBe(2);
      expect(await store().deadLetters.markResolved([first.id], 'replayed')).toBe(0);
      expect(await store().deadLetters.countUnresolved()).toBe(0);
      expect(await store().deadLetters.get(first.id)).toMatchObject({
        resolution: 'replayed',
        resolvedAt: '2026-03-09T17:10:00.000Z',
      });
      expect(
        await store().deadLetters.bumpAttempts(first.id, {
          errorKind: 'unknown',
          errorMessage: 'late',
        }),
      ).toBeUndefined();

      // Resolved letters do not absorb new failures: the same record failing again opens a new one.
      const [fresh] = await store().deadLetters.add([{ ...rejected, leadId: first.leadId }]);
      expect(fresh?.id).not.toBe(first.id);
      expect(fresh?.attempts).toBe(1);
    });
  });

  describe('audit log', () => {
    test('appends a page and reads it per lead and per run', async () => {
      const runId = randomUUID();
      const leadId = randomUUID();
      clock.set('2026-03-09T18:00:00.000Z');
      expect(
        await store().audit.add([
          {
            runId,
            leadId,
            system: 'hubspot',
            object: 'contacts',
            externalId: '51234',
            operation: 'update',
            before: { leadloop_stage: 'mql' },
            after: { leadloop_stage: 'sal' },
          },
          {
            runId,
            leadId,
            system: 'salesforce',
            object: 'Lead',
            externalId: '00Q5e00000AnaAAA',
            operation: 'create',
            after: { LastName: 'Souza' },
          },
          {
            runId,
            leadId: randomUUID(),
            system: 'hubspot',
            object: 'contacts',
            externalId: '777',
            operation: 'unlink',
            before: null,
            at: '2026-03-09T17:59:00.000Z',
          },
        ]),
      ).toBe(3);
      const ofLead = await store().audit.ofLead(leadId);
      expect(ofLead.map((a) => a.operation)).toEqual(['create', 'update']);
      expect(ofLead[1]).toEqual({
        id: ofLead[1]?.id,
        runId,
        leadId,
        system: 'hubspot',
        object: 'contacts',
        externalId: '51234',
        operation: 'update',
        before: { leadloop_stage: 'mql' },
        after: { leadloop_stage: 'sal' },
        at: '2026-03-09T18:00:00.000Z',
      });
      expect(ofLead[0]?.before).toBeNull();
      const ofRun = await store().audit.ofRun(runId);
      expect(ofRun.map((a) => [a.operation, a.at])).toEqual([
        ['update', '2026-03-09T18:00:00.000Z'],
        ['create', '2026-03-09T18:00:00.000Z'],
        ['unlink', '2026-03-09T17:59:00.000Z'],
      ]);
    });
  });
});
