import { z } from 'zod';
import { StageSchema, type Stage } from '../lead/stages.ts';
import { int8Column, json, parseRows, timestampColumn, type RepoContext } from './rows.ts';

/** `stage_history`: every stage a lead entered, who moved it, and why (append-only). */
export const StageHistoryRowSchema = z.object({
  id: int8Column,
  leadId: z.string(),
  stage: StageSchema,
  fromStage: StageSchema.nullable(),
  at: timestampColumn,
  system: z.string(),
  actor: z.string(),
  reason: z.string().nullable(),
});
export type StageHistoryRecord = z.output<typeof StageHistoryRowSchema>;

export interface NewStageEntry {
  readonly leadId: string;
  readonly stage: Stage;
  readonly fromStage?: Stage | null | undefined;
  readonly at: string;
  /** `salesforce`, `hubspot` or `leadloop`. */
  readonly system: string;
  readonly actor: string;
  readonly reason?: string | null | undefined;
}

const COLUMNS = `id, lead_id AS "leadId", stage, from_stage AS "fromStage", at, system, actor, reason`;
const parse = (rows: readonly unknown[]) => parseRows(StageHistoryRowSchema, rows, 'stage_history');

export type StageHistoryRepo = ReturnType<typeof createStageHistoryRepo>;

export function createStageHistoryRepo({ db }: RepoContext) {
  const repo = {
    /** Appends entries in one statement, in input order. */
    async add(entries: readonly NewStageEntry[]): Promise<StageHistoryRecord[]> {
      if (entries.length === 0) return [];
      const docs = entries.map((e, ord) => ({
        ord,
        lead_id: e.leadId,
        stage: e.stage,
        from_stage: e.fromStage ?? null,
        at: e.at,
        system: e.system,
        actor: e.actor,
        reason: e.reason ?? null,
      }));
      const { rows } = await db.query(
        `INSERT INTO stage_history (lead_id, stage, from_stage, at, system, actor, reason)
         SELECT lead_id, stage, from_stage, at, system, actor, reason
         FROM jsonb_to_recordset($1::jsonb) AS x(ord integer, lead_id uuid, stage text,
              from_stage text, at timestamptz, system text, actor text, reason text)
         ORDER BY ord
         RETURNING ${COLUMNS}`,
        [json(docs)],
      );
      return parse(rows).sort((a, b) => a.id - b.id);
    },

    async ofLead(leadId: string): Promise<StageHistoryRecord[]> {
      return repo.ofLeads([leadId]);
    },

    /** Oldest first per lead. */
    async ofLeads(leadIds: readonly string[]): Promise<StageHistoryRecord[]> {
      if (leadIds.length === 0) return [];
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM stage_history WHERE lead_id = ANY($1::uuid[])
         ORDER BY lead_id, at, id`,
        [[...leadIds]],
      );
      return parse(rows);
    },

    /** The demand waterfall: how many leads entered each stage in [from, to). */
    async countEntered(period: {
      from: string;
      to: string;
    }): Promise<Partial<Record<Stage, number>>> {
      const { rows } = await db.query(
        `SELECT stage, count(DISTINCT lead_id) AS count FROM stage_history
         WHERE at >= $1::timestamptz AND at < $2::timestamptz GROUP BY stage`,
        [period.from, period.to],
      );
      const counts = parseRows(
        z.object({ stage: StageSchema, count: int8Column }),
        rows,
        'stage_history',
      );
      return Object.fromEntries(counts.map((row) => [row.stage, row.count]));
    },
  };
  return repo;
}
