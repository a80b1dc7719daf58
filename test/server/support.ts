import { readFileSync } from 'node:fs';
import type {
  JobContext,
  ReplayOutcome,
  RunSummary,
  RunTrigger,
  SyncPort,
  WebhookSystem,
} from '../../src/server/ports.ts';

/** What a fake engine was asked to do, in order. */
export type SyncCall =
  | { call: 'runCycle'; trigger: RunTrigger }
  | { call: 'syncRecords'; system: WebhookSystem; object: string; ids: string[] }
  | { call: 'replayDeadLetters'; ids: number[] | undefined }
  | { call: 'runSlaSweep' };

export interface FakeSync extends SyncPort {
  readonly calls: SyncCall[];
  /** Replaces what the next calls do (default: succeed at once). */
  behave(fn: (call: SyncCall, context: JobContext | undefined) => Promise<void>): void;
}

/** A SyncPort double that records calls; the store around it is real. */
export function fakeSync(): FakeSync {
  const calls: SyncCall[] = [];
  let behaviour: (call: SyncCall, context: JobContext | undefined) => Promise<void> = async () =>
    undefined;
  const record = async (call: SyncCall, context?: JobContext) => {
    calls.push(call);
    await behaviour(call, context);
  };
  return {
    calls,
    behave(fn) {
      behaviour = fn;
    },
    async runCycle(trigger, context): Promise<RunSummary> {
      await record({ call: 'runCycle', trigger }, context);
      return { runId: 'run-1', status: 'succeeded' };
    },
    async syncRecords(system, object, ids, context) {
      await record({ call: 'syncRecords', system, object, ids: [...ids] }, context);
    },
    async replayDeadLetters(ids): Promise<ReplayOutcome[]> {
      await record({ call: 'replayDeadLetters', ids: ids === undefined ? undefined : [...ids] });
      return (ids ?? []).map((id) => ({ id, outcome: 'replayed' as const }));
    },
    async runSlaSweep(context) {
      await record({ call: 'runSlaSweep' }, context);
      return { breached: 0 };
    },
  };
}

export const fixture = (path: string): string =>
  readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');

/** A promise with its resolve handle, to hold a fake job open until the test lets it go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => undefined as void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
