import { json, nowIso, type RepoContext } from './rows.ts';

/**
 * `webhook_events`: the ids of deliveries already accepted, so a replayed or retried delivery
 * (vendors retry on timeouts) is processed once. Old ids are pruned after the vendor's retry
 * window.
 */
export interface WebhookEvent {
  readonly system: string;
  readonly eventId: string;
  readonly payload: unknown;
}

export type WebhookEventsRepo = ReturnType<typeof createWebhookEventsRepo>;

export function createWebhookEventsRepo({ db, clock }: RepoContext) {
  const repo = {
    /** True if this event was not seen before (and is now recorded). */
    async recordIfNew(event: WebhookEvent): Promise<boolean> {
      return (await repo.recordManyIfNew([event])).has(event.eventId);
    },

    /** Records a batch (HubSpot sends several events per request); returns the new event ids. */
    async recordManyIfNew(events: readonly WebhookEvent[]): Promise<Set<string>> {
      if (events.length === 0) return new Set();
      const docs = events.map((e) => ({
        system: e.system,
        event_id: e.eventId,
        payload: { v: e.payload ?? null },
      }));
      const { rows } = await db.query<{ eventId: string }>(
        `INSERT INTO webhook_events (system, event_id, received_at, payload)
         SELECT system, event_id, $2::timestamptz, payload -> 'v'
         FROM jsonb_to_recordset($1::jsonb) AS x(system text, event_id text, payload jsonb)
         ON CONFLICT (system, event_id) DO NOTHING
         RETURNING event_id AS "eventId"`,
        [json(docs), nowIso(clock)],
      );
      return new Set(rows.map((row) => row.eventId));
    },

    /** Forgets events received before `before` (past the vendor's retry window). */
    async pruneReceivedBefore(before: string): Promise<number> {
      const { rowCount } = await db.query(
        'DELETE FROM webhook_events WHERE received_at < $1::timestamptz',
        [before],
      );
      return rowCount;
    },
  };
  return repo;
}
