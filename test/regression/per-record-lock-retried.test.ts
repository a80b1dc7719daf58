import { describe, expect, test } from '@jest/globals';
import type { Connector, WriteOutcome, WriteRequest } from '../../src/sync/connector.ts';
import type { Engine, RunContext } from '../../src/sync/engine.ts';
import type { PlannedWrite } from '../../src/sync/plan.ts';
import { pushWrites } from '../../src/sync/push.ts';

/**
 * Found by the reliability suite: Salesforce answers a collection whose rows another
 * transaction holds with a per-record UNABLE_TO_LOCK_ROW (kind `transient`). The engine retried
 * only whole-call failures, so those records went straight to dead letters and waited for a
 * manual `leadloop replay`. Now only the records that failed for a reason that passes are sent
 * again, with backoff; what still fails after the last attempt becomes a dead letter.
 */
function lockingConnector(lockedTimes: number): Connector & { calls: string[][] } {
  const calls: string[][] = [];
  let locked = 0;
  return {
    calls,
    system: 'salesforce',
    pullObjects: [],
    readPage: async () => ({ records: [], cursor: undefined, hasMore: false }),
    fetchByIds: async () => [],
    findByEmails: async () => [],
    describe: async (object) => ({ object, fields: new Map() }),
    usage: () => ({ system: 'salesforce', callsMade: calls.length }),
    close: async () => undefined,
    write: async (_object, requests: readonly WriteRequest[]): Promise<WriteOutcome[]> => {
      calls.push(requests.map((request) => request.ref));
      return requests.map((request): WriteOutcome => {
        if (request.ref === 'lead-2' && locked < lockedTimes) {
          locked += 1;
          return {
            ref: request.ref,
            ok: false,
            error: {
              kind: 'transient',
              code: 'UNABLE_TO_LOCK_ROW',
              message: 'unable to obtain exclusive access to this record or 1 records: 00QDn0',
            },
          };
        }
        if (request.ref === 'lead-3')
          return {
            ref: request.ref,
            ok: false,
            error: { kind: 'invalid_record', code: 'STRING_TOO_LONG', message: 'Title: too long' },
          };
        return { ref: request.ref, ok: true, id: `00Q${request.ref}`, created: false };
      });
    },
  };
}

const plan = (ref: string): PlannedWrite => ({
  system: 'salesforce',
  object: 'Lead',
  changes: [{ field: 'Title', before: 'CTO', after: 'VP Revenue' }],
  request: { ref, action: 'update', id: `00Q${ref}`, fields: { Title: 'VP Revenue' } },
});

const run = (connector: Connector): RunContext => ({
  engine: { connectors: { salesforce: connector } } as unknown as Engine,
  runId: 'run-1',
  dryRun: false,
});

describe('records rejected one by one for a reason that passes are written again', () => {
  test('a row lock on one record: only it is sent again, and it goes through', async () => {
    const connector = lockingConnector(1);
    const outcomes = await pushWrites(run(connector), 'salesforce', [
      plan('lead-1'),
      plan('lead-2'),
      plan('lead-3'),
    ]);
    expect(connector.calls).toEqual([['lead-1', 'lead-2', 'lead-3'], ['lead-2']]);
    expect(outcomes.get('lead-2')).toMatchObject({ ok: true });
    // A record the vendor rejects for its content is not retried: it is a dead letter.
    expect(outcomes.get('lead-3')).toMatchObject({ ok: false, error: { code: 'STRING_TOO_LONG' } });
  });

  test('a lock that never clears ends as the failure after five attempts', async () => {
    const connector = lockingConnector(100);
    const outcomes = await pushWrites(run(connector), 'salesforce', [plan('lead-2')]);
    expect(connector.calls).toHaveLength(5);
    expect(outcomes.get('lead-2')).toMatchObject({
      ok: false,
      error: { code: 'UNABLE_TO_LOCK_ROW' },
    });
  }, 30_000);
});
