import { LeadloopError } from '../errors/leadloop-error.ts';

/**
 * The states of one sync run (docs/specs/sync-run.md). Written down as a table typed
 * `Record<State, Record<Event, State | null>>`, so a new state or event that is not handled
 * everywhere does not compile.
 */
export const RUN_STATES = [
  'started',
  'pulling',
  'reconciling',
  'succeeded',
  'partial',
  'failed',
  'stopped',
] as const;
export type RunState = (typeof RUN_STATES)[number];

export const RUN_EVENTS = [
  'pull_started',
  'pull_finished',
  'reconcile_finished',
  'records_failed', // some records went to dead letters; the rest went through
  'budget_exhausted', // leadloop's share of a daily API limit is spent: stop cleanly
  'shutdown_requested', // SIGTERM: finish the in-flight page, then stop
  'crashed', // an error that is not about one record
] as const;
export type RunEvent = (typeof RUN_EVENTS)[number];

const TERMINAL = {
  pull_started: null,
  pull_finished: null,
  reconcile_finished: null,
  records_failed: null,
  budget_exhausted: null,
  shutdown_requested: null,
  crashed: null,
} as const;

export const RUN_TRANSITIONS: Record<RunState, Record<RunEvent, RunState | null>> = {
  started: {
    pull_started: 'pulling',
    pull_finished: null,
    reconcile_finished: null,
    records_failed: null,
    budget_exhausted: 'stopped',
    shutdown_requested: 'stopped',
    crashed: 'failed',
  },
  pulling: {
    pull_started: null,
    pull_finished: 'reconciling',
    reconcile_finished: null,
    records_failed: null,
    budget_exhausted: 'stopped',
    shutdown_requested: 'stopped',
    crashed: 'failed',
  },
  reconciling: {
    pull_started: null,
    pull_finished: null,
    reconcile_finished: 'succeeded',
    records_failed: 'partial',
    budget_exhausted: 'stopped',
    shutdown_requested: 'stopped',
    crashed: 'failed',
  },
  // Records failing is noted while reconciling goes on; the run still finishes as partial.
  partial: {
    ...TERMINAL,
    reconcile_finished: 'partial',
    records_failed: 'partial',
    budget_exhausted: 'stopped',
    shutdown_requested: 'stopped',
    crashed: 'failed',
  },
  succeeded: TERMINAL,
  failed: TERMINAL,
  stopped: TERMINAL,
};

export function isTerminal(state: RunState): boolean {
  return Object.values(RUN_TRANSITIONS[state]).every((next) => next === null);
}

export function nextRunState(state: RunState, event: RunEvent): RunState {
  const next = RUN_TRANSITIONS[state][event];
  if (next === null) {
    throw new LeadloopError(
      'sync.illegal_run_transition',
      `A sync run in state ${state} cannot take event ${event}`,
      {
        hint: 'This is a bug in leadloop; please report it with the log of the run.',
      },
    );
  }
  return next;
}
