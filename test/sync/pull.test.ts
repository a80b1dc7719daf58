import { afterEach, describe, expect, test } from '@jest/globals';
import type { Connector, PulledPage } from '../../src/sync/connector.ts';
import type { Engine, RunContext } from '../../src/sync/engine.ts';
import { pullSystem } from '../../src/sync/pull.ts';
import { emptySyncCounts } from '../../src/sync/sync-counts.ts';

/**
 * Pull reads the next page while it stages the one it has, so the vendor's answer time
 * overlaps the store's work; the cursor still moves only with a staged page.
 */
type Event = string;

/** HubSpot deals: pages of ids that pull stages for their cursor only (no person, no lead). */
function pagedConnector(
  pages: number,
  events: Event[],
  failRead?: number,
): Connector & { reads: number } {
  const connector = {
    reads: 0,
    system: 'hubspot' as const,
    pullObjects: ['deals'],
    readPage: async (_object: string, cursor: unknown): Promise<PulledPage> => {
      const index = cursor === undefined ? 0 : Number(cursor);
      connector.reads += 1;
      events.push(`read ${index} started`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (index === failRead) {
        events.push(`read ${index} failed`);
        throw Object.assign(new Error('Bad request'), { status: 400 });
      }
      events.push(`read ${index} answered`);
      return { records: [], cursor: String(index + 1), hasMore: index + 1 < pages };
    },
  };
  return connector as unknown as Connector & { reads: number };
}

function storeRecording(events: Event[], failStagingOf?: string) {
  const saved: unknown[] = [];
  const store = {
    cursors: {
      get: async () => undefined,
      save: async (_system: string, _object: string, cursor: unknown) => {
        if (cursor === failStagingOf) throw new Error('disk full');
        saved.push(cursor);
      },
    },
    leads: { markPending: async () => undefined },
    transaction: async <T>(work: () => Promise<T>): Promise<T> => {
      events.push('stage started');
      // Staging takes a while: long enough for a read started before it to answer.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const result = await work();
      events.push('stage committed');
      return result;
    },
  };
  return { store, saved };
}

const runWith = (store: unknown): RunContext =>
  ({ engine: { store } as unknown as Engine, runId: 'run-1', dryRun: false }) as RunContext;

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);
afterEach(() => {
  unhandled.length = 0;
});

describe('pull reads ahead one page', () => {
  test('the next page is read while the one before is staged; cursors advance in order', async () => {
    const events: Event[] = [];
    const connector = pagedConnector(3, events);
    const { store, saved } = storeRecording(events);
    await pullSystem(runWith(store), connector, () => [], emptySyncCounts());

    expect(saved).toEqual(['1', '2', '3']);
    // Page 1 is requested before page 0's transaction commits, and answered during it.
    expect(events.slice(0, 6)).toEqual([
      'read 0 started',
      'read 0 answered',
      'read 1 started',
      'stage started',
      'read 1 answered',
      'stage committed',
    ]);
    // No read past the last page.
    expect(connector.reads).toBe(3);
  });

  test('a page that fails to stage stops the pull: the page read ahead is dropped, its failure handled', async () => {
    const events: Event[] = [];
    const connector = pagedConnector(5, events, 2);
    // Page 1 (cursor '2') fails to commit while page 2 is being read, and that read fails too.
    const { store, saved } = storeRecording(events, '2');
    await expect(
      pullSystem(runWith(store), connector, () => [], emptySyncCounts()),
    ).rejects.toThrow('disk full');
    await new Promise((resolve) => setTimeout(resolve, 30));

    expect(saved).toEqual(['1']);
    expect(events).toContain('read 2 failed');
    expect(connector.reads).toBe(3);
    expect(unhandled).toEqual([]);
  });

  test('a read that fails stops the pull after the pages before it were staged', async () => {
    const events: Event[] = [];
    const connector = pagedConnector(5, events, 1);
    const { store, saved } = storeRecording(events);
    await expect(
      pullSystem(runWith(store), connector, () => [], emptySyncCounts()),
    ).rejects.toThrow('Bad request');
    expect(saved).toEqual(['1']);
    expect(unhandled).toEqual([]);
  });

  test('a stopped run reads nothing more than the page it was staging', async () => {
    const events: Event[] = [];
    const connector = pagedConnector(5, events);
    const { store } = storeRecording(events);
    const controller = new AbortController();
    controller.abort();
    const run = { ...runWith(store), signal: controller.signal };
    await expect(pullSystem(run, connector, () => [], emptySyncCounts())).rejects.toThrow();
    expect(connector.reads).toBe(0);
  });
});
