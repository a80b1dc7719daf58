import { z } from 'zod';
import {
  LeadFieldsSchema,
  OwnerSchema,
  RecycleSchema,
  ScoreSchema,
  type LeadFields,
  type SlaStatus,
  type Owner,
  type Recycle,
  type Score,
} from '../lead/lead.ts';
import { StageSchema, type Stage } from '../lead/stages.ts';
import { StoreError } from './errors.ts';
import {
  int8Column,
  json,
  nowIso,
  nullableTimestampColumn,
  parseRows,
  timestampColumn,
  type RepoContext,
} from './rows.ts';

/** The `leads` table: the universal lead's own columns (links, history, clocks live apart). */
export const LeadRowSchema = z.object({
  id: z.string(),
  emailNormalized: z.string().nullable(),
  fields: LeadFieldsSchema,
  score: ScoreSchema.nullable(),
  stage: StageSchema,
  owner: OwnerSchema.nullable(),
  recycle: RecycleSchema.nullable(),
  /** Set while a staged change waits for reconcile (decision 002). */
  pendingSeq: int8Column.nullable(),
  pendingSince: nullableTimestampColumn,
  createdAt: timestampColumn,
  updatedAt: timestampColumn,
  version: z.number().int().positive(),
});
export type LeadRecord = z.output<typeof LeadRowSchema>;

export interface NewLead {
  readonly id: string;
  readonly emailNormalized: string | null;
  readonly fields: LeadFields;
  readonly stage: Stage;
  readonly score?: Score | null | undefined;
  readonly owner?: Owner | null | undefined;
  readonly recycle?: Recycle | null | undefined;
  /** Defaults to now. */
  readonly createdAt?: string | undefined;
}

/** Only the properties given change; `version` is the one that was read. */
export interface LeadChange {
  readonly id: string;
  readonly version: number;
  readonly emailNormalized?: string | null | undefined;
  readonly fields?: LeadFields | undefined;
  readonly stage?: Stage | undefined;
  readonly score?: Score | null | undefined;
  readonly owner?: Owner | null | undefined;
  readonly recycle?: Recycle | null | undefined;
}

export interface LeadPageQuery {
  readonly stage?: Stage | undefined;
  /** Salesforce user id of the owner. */
  readonly ownerId?: string | undefined;
  /** The status of the lead's latest follow-up clock (`on_track`, `met`, …). */
  readonly slaStatus?: SlaStatus | undefined;
  /** Keyset: the last id of the previous page. */
  readonly after?: string | undefined;
  readonly limit: number;
}

export const LEAD_COLUMNS = `id, email_normalized AS "emailNormalized", fields, score, stage, owner,
  recycle, pending_seq AS "pendingSeq", pending_since AS "pendingSince",
  created_at AS "createdAt", updated_at AS "updatedAt", version`;

const parse = (rows: readonly unknown[]) => parseRows(LeadRowSchema, rows, 'leads');

export type LeadsRepo = ReturnType<typeof createLeadsRepo>;

export function createLeadsRepo({ db, clock }: RepoContext) {
  const select = async (where: string, params: readonly unknown[], tail = '') =>
    parse(
      (await db.query(`SELECT ${LEAD_COLUMNS} FROM leads WHERE ${where} ${tail}`, params)).rows,
    );

  const repo = {
    async insert(lead: NewLead): Promise<LeadRecord> {
      const [row] = await repo.insertMany([lead]);
      if (row === undefined) throw new Error('insert returned no lead');
      return row;
    },

    /** One statement for a page of new leads; rows come back in input order. */
    async insertMany(leads: readonly NewLead[]): Promise<LeadRecord[]> {
      if (leads.length === 0) return [];
      const now = nowIso(clock);
      const docs = leads.map((lead) => ({
        id: lead.id,
        email_normalized: lead.emailNormalized,
        fields: lead.fields,
        stage: lead.stage,
        score: lead.score ?? null,
        owner: lead.owner ?? null,
        recycle: lead.recycle ?? null,
        created_at: lead.createdAt ?? now,
      }));
      const { rows } = await db.query(
        `INSERT INTO leads (id, email_normalized, fields, stage, score, owner, recycle,
                            created_at, updated_at)
         SELECT id, email_normalized, fields, stage, nullif(score, 'null'), nullif(owner, 'null'),
                nullif(recycle, 'null'), created_at, $2::timestamptz
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, email_normalized text, fields jsonb,
              stage text, score jsonb, owner jsonb, recycle jsonb, created_at timestamptz)
         RETURNING ${LEAD_COLUMNS}`,
        [json(docs), now],
      );
      return inOrder(parse(rows), leads);
    },

    async getById(id: string): Promise<LeadRecord | undefined> {
      return (await select('id = $1', [id]))[0];
    },

    async getByIds(ids: readonly string[]): Promise<LeadRecord[]> {
      if (ids.length === 0) return [];
      return select('id = ANY($1::uuid[])', [[...ids]], 'ORDER BY id');
    },

    /** Which of these ids exist (ids carried in LeadLoop_Id__c / leadloop_id). */
    async existingIds(ids: readonly string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const { rows } = await db.query<{ id: string }>(
        'SELECT id FROM leads WHERE id = ANY($1::uuid[])',
        [[...ids]],
      );
      return new Set(rows.map((row) => row.id));
    },

    async findByEmail(emailNormalized: string): Promise<LeadRecord[]> {
      return repo.findByEmails([emailNormalized]);
    },

    /** Leads with any of these normalised emails (one query per page for identify). */
    async findByEmails(emails: readonly string[]): Promise<LeadRecord[]> {
      if (emails.length === 0) return [];
      return select('email_normalized = ANY($1::text[])', [[...emails]], 'ORDER BY id');
    },

    async findByLink(key: {
      system: string;
      object: string;
      externalId: string;
    }): Promise<LeadRecord | undefined> {
      const where = `id = (SELECT lead_id FROM links WHERE system = $1 AND object = $2
        AND external_id = $3 AND unlinked_at IS NULL)`;
      return (await select(where, [key.system, key.object, key.externalId]))[0];
    },

    /** Updates one lead; `store.conflict` if it changed since `change.version` was read. */
    async update(change: LeadChange): Promise<LeadRecord> {
      const { updated, conflicts } = await repo.updateMany([change]);
      const row = updated[0];
      if (row === undefined || conflicts.length > 0) {
        throw new StoreError('store.conflict', `Lead ${change.id} changed since it was read.`, {
          hint: 'Another sync or replica updated it first; read the lead again and retry.',
          details: { leadId: change.id, version: change.version },
        });
      }
      return row;
    },

    /**
     * One statement for a page of changes. A lead whose version moved on (or that is gone) is
     * not touched and comes back in `conflicts`, for the caller to re-read and retry.
     */
    async updateMany(
      changes: readonly LeadChange[],
    ): Promise<{ updated: LeadRecord[]; conflicts: string[] }> {
      if (changes.length === 0) return { updated: [], conflicts: [] };
      if (new Set(changes.map((c) => c.id)).size !== changes.length) {
        throw new RangeError('updateMany: a lead appears twice in one batch');
      }
      const given = (key: string, column: string, value: string) =>
        `${column} = CASE WHEN u.doc ? '${key}' THEN ${value} ELSE l.${column} END`;
      const { rows } = await db.query(
        `UPDATE leads AS l SET
           ${given('emailNormalized', 'email_normalized', "u.doc ->> 'emailNormalized'")},
           ${given('fields', 'fields', "u.doc -> 'fields'")},
           ${given('stage', 'stage', "u.doc ->> 'stage'")},
           ${given('score', 'score', "nullif(u.doc -> 'score', 'null')")},
           ${given('owner', 'owner', "nullif(u.doc -> 'owner', 'null')")},
           ${given('recycle', 'recycle', "nullif(u.doc -> 'recycle', 'null')")},
           updated_at = $2::timestamptz,
           version = l.version + 1
         FROM jsonb_array_elements($1::jsonb) AS u(doc)
         WHERE l.id = (u.doc ->> 'id')::uuid AND l.version = (u.doc ->> 'version')::integer
         RETURNING ${LEAD_COLUMNS}`,
        [json(changes), nowIso(clock)],
      );
      const updated = inOrder(parse(rows), changes);
      const done = new Set(updated.map((lead) => lead.id));
      return { updated, conflicts: changes.map((c) => c.id).filter((id) => !done.has(id)) };
    },

    /** A page of leads by stage, owner and/or SLA status, in id order (keyset: pass the last id). */
    async page(query: LeadPageQuery): Promise<LeadRecord[]> {
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (clause: string, value: unknown) => {
        params.push(value);
        where.push(clause.replace('?', `$${params.length}`));
      };
      if (query.stage !== undefined) add('stage = ?', query.stage);
      if (query.ownerId !== undefined) add("owner ->> 'salesforceUserId' = ?", query.ownerId);
      if (query.slaStatus !== undefined) {
        add(
          `(SELECT s.status FROM sla_clocks s WHERE s.lead_id = leads.id
            ORDER BY s.handoff_at DESC, s.id DESC LIMIT 1) = ?`,
          query.slaStatus,
        );
      }
      if (query.after !== undefined) add('id > ?::uuid', query.after);
      params.push(query.limit);
      const filter = where.length > 0 ? where.join(' AND ') : 'true';
      return select(filter, params, `ORDER BY id LIMIT $${params.length}`);
    },

    async countByStage(): Promise<Partial<Record<Stage, number>>> {
      const { rows } = await db.query('SELECT stage, count(*) AS count FROM leads GROUP BY stage');
      const counts = parseRows(z.object({ stage: StageSchema, count: int8Column }), rows, 'leads');
      return Object.fromEntries(counts.map((row) => [row.stage, row.count]));
    },

    /** Marks leads as having a staged change to reconcile (decision 002). */
    async markPending(ids: readonly string[]): Promise<number> {
      if (ids.length === 0) return 0;
      const { rowCount } = await db.query(
        `UPDATE leads SET pending_seq = nextval('leads_pending_seq'),
                          pending_since = coalesce(pending_since, $2::timestamptz)
         WHERE id = ANY($1::uuid[])`,
        [[...ids], nowIso(clock)],
      );
      return rowCount;
    },

    /** The oldest staged leads first; pass the last `pendingSeq` seen to continue. */
    async pendingPage(query: {
      limit: number;
      afterSeq?: number | undefined;
    }): Promise<LeadRecord[]> {
      return select(
        'pending_seq > $1',
        [query.afterSeq ?? 0, query.limit],
        'ORDER BY pending_seq LIMIT $2',
      );
    },

    /**
     * Clears the pending mark of leads whose push outcome is recorded. A lead staged again
     * meanwhile has a new `pendingSeq`, stays pending, and is not in the returned ids.
     */
    async clearPending(marks: readonly { id: string; pendingSeq: number }[]): Promise<Set<string>> {
      if (marks.length === 0) return new Set();
      const { rows } = await db.query<{ id: string }>(
        `UPDATE leads AS l SET pending_seq = NULL, pending_since = NULL
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, "pendingSeq" bigint)
         WHERE l.id = x.id AND l.pending_seq = x."pendingSeq"
         RETURNING l.id`,
        [json(marks)],
      );
      return new Set(rows.map((row) => row.id));
    },
  };
  return repo;
}

/** Rows in the order of the input (RETURNING order is not guaranteed). */
function inOrder(rows: LeadRecord[], input: readonly { id: string }[]): LeadRecord[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return input.flatMap((item) => byId.get(item.id) ?? []);
}
