import { describe, expect, it } from '@jest/globals';
import {
  RUN_EVENTS,
  RUN_STATES,
  isTerminal,
  nextRunState,
  type RunEvent,
  type RunState,
} from '../../src/sync/run-state.ts';

// Independent expectation list (not the table itself): every legal move of a run.
const LEGAL: [RunState, RunEvent, RunState][] = [
  ['started', 'pull_started', 'pulling'],
  ['started', 'budget_exhausted', 'stopped'],
  ['started', 'shutdown_requested', 'stopped'],
  ['started', 'crashed', 'failed'],
  ['pulling', 'pull_finished', 'reconciling'],
  ['pulling', 'budget_exhausted', 'stopped'],
  ['pulling', 'shutdown_requested', 'stopped'],
  ['pulling', 'crashed', 'failed'],
  ['reconciling', 'reconcile_finished', 'succeeded'],
  ['reconciling', 'records_failed', 'partial'],
  ['reconciling', 'budget_exhausted', 'stopped'],
  ['reconciling', 'shutdown_requested', 'stopped'],
  ['reconciling', 'crashed', 'failed'],
  ['partial', 'records_failed', 'partial'],
  ['partial', 'reconcile_finished', 'partial'],
  ['partial', 'budget_exhausted', 'stopped'],
  ['partial', 'shutdown_requested', 'stopped'],
  ['partial', 'crashed', 'failed'],
];

describe('sync run states', () => {
  const cases = RUN_STATES.flatMap((state) => RUN_EVENTS.map((event) => [state, event] as const));
  it.each(cases)('%s + %s', (state, event) => {
    const legal = LEGAL.find(([from, on]) => from === state && on === event);
    if (legal === undefined)
      expect(() => nextRunState(state, event)).toThrow(`cannot take event ${event}`);
    else expect(nextRunState(state, event)).toBe(legal[2]);
  });

  it('succeeded, failed and stopped are terminal; the others are not', () => {
    expect(RUN_STATES.filter(isTerminal)).toEqual(['succeeded', 'failed', 'stopped']);
  });
});
