import { z } from 'zod';
import { SlaStatusSchema, type SlaStatus } from '../lead/lead.ts';
import {
  int8Column,
  json,
  nowIso,
  nullableTimestampColumn,
  parseRow,
  parseRows,
  timestampColumn,
  type RepoContext,
} from './rows.ts';

/**
 * `sla_clocks`: the follow-up clock started at handoff — at most one open clock per lead.
 * Closed clocks stay for speed-to-lead reports.
 */
export const SlaAlertSchema = z.looseObject({
  /** e.g. `breached`, `escalated`, `reminder`. */
  kind: z.string().min(1),
  at: z.string(),
});
export type SlaAlert = z.infer<typeof SlaAlertSchema>;

export const SlaClockRowSchema = z.object({
  id: z.string(),
  leadId: z.string(),
  handoffAt: timestampColumn,
  dueAt: timestampColumn,
  grade: z.string().nullable(),
  ownerId: z.string().nullable(),
  status: SlaStatusSchema,
  firstTouchAt: nullableTimestampColumn,
  breachedAt: nullableTimestampColumn,
  escalatedAt: nullableTimestampColumn,
  escalationDueAt: nullableTimestampColumn,
  closedAt: nullableTimestampColumn,
  alerts: z.array(SlaAlertSchema),
  /** When the sweep tries an undelivered alert again; null when none waits. */
  alertRetryAt: nullableTimestampColumn,
});
export type SlaClockRecord = z.output<typeof SlaClockRowSchema>;

export interface NewSlaClock {
  readonly leadId: string;
  readonly handoffAt: string;
  readonly dueAt: string;
  readonly grade?: string | null | undefined;
  readonly ownerId?: string | null | undefined;
  readonly escalationDueAt?: string | null | undefined;
}

/** The columns that change as the clock runs; only the ones given are written. */
export interface SlaClockChange {
  readonly status?: SlaStatus | undefined;
  readonly dueAt?: string | undefined;
  readonly ownerId?: string | null | undefined;
  readonly firstTouchAt?: string | null | undefined;
  readonly breachedAt?: string | null | undefined;
  readonly escalatedAt?: string | null | undefined;
  readonly escalationDueAt?: string | null | undefined;
  readonly alertRetryAt?: string | null | undefined;
}

const COLUMNS = `id, lead_id AS "leadId", handoff_at AS "handoffAt", due_at AS "dueAt", grade,
  owner_id AS "ownerId", status, first_touch_at AS "firstTouchAt", breached_at AS "breachedAt",
  escalated_at AS "escalatedAt", escalation_due_at AS "escalationDueAt",
  closed_at AS "closedAt", alerts, alert_retry_at AS "alertRetryAt"`;
const CHANGEABLE = {
  status: 'status',
  dueAt: 'due_at',
  ownerId: 'owner_id',
  firstTouchAt: 'first_touch_at',
  breachedAt: 'breached_at',
  escalatedAt: 'escalated_at',
  escalationDueAt: 'escalation_due_at',
  alertRetryAt: 'alert_retry_at',
} as const satisfies Record<keyof SlaClockChange, string>;
const parse = (rows: readonly unknown[]) => parseRows(SlaClockRowSchema, rows, 'sla_clocks');

export type SlaRepo = ReturnType<typeof createSlaRepo>;

export function createSlaRepo({ db, clock }: RepoContext) {
  const one = async (sql: string, params: readonly unknown[]) => {
    const row = (await db.query(sql, params)).rows[0];
    return row === undefined ? undefined : parseRow(SlaClockRowSchema, row, 'sla_clocks');
  };

  const repo = {
    /**
     * Starts the clock at handoff. A lead with an open clock keeps it: the existing clock comes
     * back with `started: false` (a retried handoff never restarts the clock).
     */
    async start(input: NewSlaClock): Promise<{ clock: SlaClockRecord; started: boolean }> {
      return db.transaction(async () => {
        const started = await one(
          `INSERT INTO sla_clocks (lead_id, handoff_at, due_at, grade, owner_id, status,
                                   escalation_due_at)
           VALUES ($1, $2::timestamptz, $3::timestamptz, $4, $5, 'on_track', $6::timestamptz)
           ON CONFLICT (lead_id) WHERE closed_at IS NULL DO NOTHING
           RETURNING ${COLUMNS}`,
          [
            input.leadId,
            input.handoffAt,
            input.dueAt,
            input.grade ?? null,
            input.ownerId ?? null,
            input.escalationDueAt ?? null,
          ],
        );
        if (started !== undefined) return { clock: started, started: true };
        const open = (await repo.openFor([input.leadId]))[0];
        if (open === undefined) throw new Error(`no open SLA clock for lead ${input.leadId}`);
        return { clock: open, started: false };
      });
    },

    /**
     * `start` for a page of handoffs in one statement; a lead that has an open clock keeps it.
     * Returns how many clocks started.
     */
    async startMany(inputs: readonly NewSlaClock[]): Promise<number> {
      if (inputs.length === 0) return 0;
      const docs = inputs.map((input) => ({
        lead_id: input.leadId,
        handoff_at: input.handoffAt,
        due_at: input.dueAt,
        grade: input.grade ?? null,
        owner_id: input.ownerId ?? null,
        escalation_due_at: input.escalationDueAt ?? null,
      }));
      const { rowCount } = await db.query(
        `INSERT INTO sla_clocks (lead_id, handoff_at, due_at, grade, owner_id, status,
                                 escalation_due_at)
         SELECT lead_id, handoff_at, due_at, grade, owner_id, 'on_track', escalation_due_at
         FROM jsonb_to_recordset($1::jsonb) AS x(lead_id uuid, handoff_at timestamptz,
              due_at timestamptz, grade text, owner_id text, escalation_due_at timestamptz)
         ON CONFLICT (lead_id) WHERE closed_at IS NULL DO NOTHING`,
        [json(docs)],
      );
      return rowCount;
    },

    /** The open clocks of these leads. */
    async openFor(leadIds: readonly string[]): Promise<SlaClockRecord[]> {
      if (leadIds.length === 0) return [];
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM sla_clocks WHERE lead_id = ANY($1::uuid[]) AND closed_at IS NULL
         ORDER BY lead_id`,
        [[...leadIds]],
      );
      return parse(rows);
    },

    async get(id: string): Promise<SlaClockRecord | undefined> {
      return one(`SELECT ${COLUMNS} FROM sla_clocks WHERE id = $1`, [id]);
    },

    async update(id: string, change: SlaClockChange): Promise<SlaClockRecord> {
      const entries = Object.entries(change).filter(([, value]) => value !== undefined);
      const sets = entries.map(([key], index) => {
        const column = CHANGEABLE[key as keyof SlaClockChange];
        const cast = column === 'status' || column === 'owner_id' ? '' : '::timestamptz';
        return `${column} = $${index + 2}${cast}`;
      });
      const sql =
        sets.length === 0
          ? `SELECT ${COLUMNS} FROM sla_clocks WHERE id = $1`
          : `UPDATE sla_clocks SET ${sets.join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`;
      const row = await one(sql, [id, ...entries.map(([, value]) => value)]);
      if (row === undefined) throw new Error(`no SLA clock ${id}`);
      return row;
    },

    /** Open clocks' owners, in one statement (a page of new Leads learns its owners at once). */
    async setOwners(changes: readonly { id: string; ownerId: string }[]): Promise<void> {
      if (changes.length === 0) return;
      await db.query(
        `UPDATE sla_clocks SET owner_id = changed.owner_id
         FROM unnest($1::uuid[], $2::text[]) AS changed(id, owner_id)
         WHERE sla_clocks.id = changed.id`,
        [changes.map((change) => change.id), changes.map((change) => change.ownerId)],
      );
    },

    /** Stops the clock (met, recycled, disqualified); its row stays for reports. */
    async close(id: string, change: SlaClockChange = {}): Promise<SlaClockRecord> {
      return db.transaction(async () => {
        await db.query('UPDATE sla_clocks SET closed_at = $2::timestamptz WHERE id = $1', [
          id,
          nowIso(clock),
        ]);
        return repo.update(id, change);
      });
    },

    /** Appends an alert (notification sent) to the clock's record. */
    async addAlert(id: string, alert: SlaAlert): Promise<SlaClockRecord> {
      const row = await one(
        `UPDATE sla_clocks SET alerts = alerts || jsonb_build_array($2::jsonb) WHERE id = $1
         RETURNING ${COLUMNS}`,
        [id, json(alert)],
      );
      if (row === undefined) throw new Error(`no SLA clock ${id}`);
      return row;
    },

    /** Clocks whose undelivered alert is due another try at `now`, oldest first. */
    async dueForAlertRetry(now: string, limit: number): Promise<SlaClockRecord[]> {
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM sla_clocks
         WHERE alert_retry_at IS NOT NULL AND alert_retry_at <= $1::timestamptz
         ORDER BY alert_retry_at, id LIMIT $2`,
        [now, limit],
      );
      return parse(rows);
    },

    /** Open, on-track clocks whose due time has passed at `now`: to mark breached. */
    async dueForBreach(now: string, limit: number): Promise<SlaClockRecord[]> {
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM sla_clocks
         WHERE closed_at IS NULL AND status = 'on_track' AND due_at <= $1::timestamptz
         ORDER BY due_at, id LIMIT $2`,
        [now, limit],
      );
      return parse(rows);
    },

    /** Open, breached clocks whose escalation time has passed at `now`: to escalate. */
    async dueForEscalation(now: string, limit: number): Promise<SlaClockRecord[]> {
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM sla_clocks
         WHERE closed_at IS NULL AND status = 'breached' AND first_touch_at IS NULL
           AND escalation_due_at <= $1::timestamptz
         ORDER BY escalation_due_at, id LIMIT $2`,
        [now, limit],
      );
      return parse(rows);
    },

    /** Each lead's latest clock, open or closed (what the systems show as its SLA status). */
    async latestFor(leadIds: readonly string[]): Promise<SlaClockRecord[]> {
      if (leadIds.length === 0) return [];
      const { rows } = await db.query(
        `SELECT DISTINCT ON (lead_id) ${COLUMNS} FROM sla_clocks
         WHERE lead_id = ANY($1::uuid[]) ORDER BY lead_id, handoff_at DESC, id DESC`,
        [[...leadIds]],
      );
      return parse(rows);
    },

    /** Open clocks nobody followed up, handed off at or before `handoffBefore` (auto-recycle). */
    async untouchedSince(handoffBefore: string, limit: number): Promise<SlaClockRecord[]> {
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM sla_clocks
         WHERE closed_at IS NULL AND first_touch_at IS NULL AND handoff_at <= $1::timestamptz
         ORDER BY handoff_at, id LIMIT $2`,
        [handoffBefore, limit],
      );
      return parse(rows);
    },

    /** Every clock of a lead, oldest first. */
    async ofLead(leadId: string): Promise<SlaClockRecord[]> {
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM sla_clocks WHERE lead_id = $1 ORDER BY handoff_at, id`,
        [leadId],
      );
      return parse(rows);
    },

    /** How many open clocks are in each status (the `/metrics` gauge). */
    async countOpenByStatus(): Promise<Partial<Record<SlaStatus, number>>> {
      const { rows } = await db.query(
        `SELECT status, count(*) AS count FROM sla_clocks WHERE closed_at IS NULL GROUP BY status`,
      );
      const counts = parseRows(
        z.object({ status: SlaStatusSchema, count: int8Column }),
        rows,
        'sla_clocks',
      );
      return Object.fromEntries(counts.map((row) => [row.status, row.count]));
    },

    /** Clocks started in [from, to), for speed-to-lead reports. */
    async handedOffBetween(period: { from: string; to: string }): Promise<SlaClockRecord[]> {
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM sla_clocks
         WHERE handoff_at >= $1::timestamptz AND handoff_at < $2::timestamptz
         ORDER BY handoff_at, id`,
        [period.from, period.to],
      );
      return parse(rows);
    },
  };
  return repo;
}
