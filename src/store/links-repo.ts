import { z } from 'zod';
import {
  json,
  nowIso,
  nullableTimestampColumn,
  parseRows,
  timestampColumn,
  type RepoContext,
} from './rows.ts';

/**
 * `links`: which vendor record belongs to which lead. At most one active link per record;
 * unlinking keeps the row with its reason (merge, conversion, delete), so history survives.
 */
export const LinkRowSchema = z.object({
  system: z.string(),
  object: z.string(),
  externalId: z.string(),
  leadId: z.string(),
  createdAt: timestampColumn,
  unlinkedAt: nullableTimestampColumn,
  unlinkReason: z.string().nullable(),
});
export type LinkRecord = z.output<typeof LinkRowSchema>;

export interface LinkKey {
  readonly system: string;
  readonly object: string;
  readonly externalId: string;
}
export interface NewLink extends LinkKey {
  readonly leadId: string;
}

const columns = (t: string) => `${t}.system, ${t}.object, ${t}.external_id AS "externalId",
  ${t}.lead_id AS "leadId", ${t}.created_at AS "createdAt", ${t}.unlinked_at AS "unlinkedAt",
  ${t}.unlink_reason AS "unlinkReason"`;
const COLUMNS = columns('links');
const KEYS = `jsonb_to_recordset($1::jsonb) AS k(system text, object text, "externalId" text)`;
const parse = (rows: readonly unknown[]) => parseRows(LinkRowSchema, rows, 'links');
export const linkKeyString = (key: LinkKey): string =>
  `${key.system}:${key.object}:${key.externalId}`;

export type LinksRepo = ReturnType<typeof createLinksRepo>;

export function createLinksRepo({ db, clock }: RepoContext) {
  const activeFor = async (keys: readonly LinkKey[]) => {
    if (keys.length === 0) return [];
    const { rows } = await db.query(
      `SELECT ${columns('l')} FROM links l JOIN ${KEYS}
         ON l.system = k.system AND l.object = k.object AND l.external_id = k."externalId"
       WHERE l.unlinked_at IS NULL`,
      [json(keys.map(({ system, object, externalId }) => ({ system, object, externalId })))],
    );
    return parse(rows);
  };

  const repo = {
    /**
     * Links records to leads in one statement. A record that already has an active link keeps
     * it: it comes back in `alreadyLinked` (maybe to another lead — the caller decides).
     */
    async link(
      links: readonly NewLink[],
    ): Promise<{ linked: LinkRecord[]; alreadyLinked: LinkRecord[] }> {
      if (links.length === 0) return { linked: [], alreadyLinked: [] };
      return db.transaction(async () => {
        const { rows } = await db.query(
          `INSERT INTO links (system, object, external_id, lead_id, created_at)
           SELECT system, object, "externalId", "leadId", $2::timestamptz
           FROM jsonb_to_recordset($1::jsonb)
                AS x(system text, object text, "externalId" text, "leadId" uuid)
           ON CONFLICT (system, object, external_id) WHERE unlinked_at IS NULL DO NOTHING
           RETURNING ${COLUMNS}`,
          [json(links), nowIso(clock)],
        );
        const linked = parse(rows);
        const inserted = new Set(linked.map(linkKeyString));
        const rest = links.filter((link) => !inserted.has(linkKeyString(link)));
        return { linked, alreadyLinked: await activeFor(rest) };
      });
    },

    /** Active links of these records (identify's `byLink` index for a page). */
    findActive: activeFor,

    async linksOfLead(leadId: string): Promise<LinkRecord[]> {
      return repo.linksOfLeads([leadId]);
    },

    async linksOfLeads(leadIds: readonly string[]): Promise<LinkRecord[]> {
      if (leadIds.length === 0) return [];
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM links WHERE lead_id = ANY($1::uuid[]) AND unlinked_at IS NULL
         ORDER BY lead_id, created_at, system, object`,
        [[...leadIds]],
      );
      return parse(rows);
    },

    /** Every link the lead ever had, unlinked ones included, oldest first. */
    async historyOfLead(leadId: string): Promise<LinkRecord[]> {
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM links WHERE lead_id = $1 ORDER BY created_at, unlinked_at NULLS LAST`,
        [leadId],
      );
      return parse(rows);
    },

    /** Every link these leads ever had, unlinked ones included. */
    async historyOfLeads(leadIds: readonly string[]): Promise<LinkRecord[]> {
      if (leadIds.length === 0) return [];
      const { rows } = await db.query(
        `SELECT ${COLUMNS} FROM links WHERE lead_id = ANY($1::uuid[])
         ORDER BY lead_id, created_at, unlinked_at NULLS LAST`,
        [[...leadIds]],
      );
      return parse(rows);
    },

    /** Ends the active links of these records (deleted, merged away); returns what was ended. */
    async unlink(keys: readonly LinkKey[], reason: string): Promise<LinkRecord[]> {
      if (keys.length === 0) return [];
      const { rows } = await db.query(
        `UPDATE links AS l SET unlinked_at = $2::timestamptz, unlink_reason = $3
         FROM ${KEYS}
         WHERE l.system = k.system AND l.object = k.object AND l.external_id = k."externalId"
           AND l.unlinked_at IS NULL
         RETURNING ${columns('l')}`,
        [json(keys), nowIso(clock), reason],
      );
      return parse(rows);
    },

    /**
     * Moves one record's link to another lead (two leads found to be one person). The old row
     * is kept, unlinked with `reason`.
     */
    async moveLink(key: LinkKey, toLeadId: string, reason: string): Promise<LinkRecord> {
      return db.transaction(async () => {
        await repo.unlink([key], reason);
        const { linked } = await repo.link([{ ...key, leadId: toLeadId }]);
        const moved = linked[0];
        if (moved === undefined) throw new Error(`moveLink: ${linkKeyString(key)} is still linked`);
        return moved;
      });
    },

    /**
     * Hands a lead's link from one record to another: a Salesforce Lead converted to a Contact,
     * a HubSpot contact merged into its survivor. Returns the new link, or undefined when `from`
     * had no active link. If `to` is already linked, it keeps its link.
     */
    async replaceLink(from: LinkKey, to: LinkKey, reason: string): Promise<LinkRecord | undefined> {
      return db.transaction(async () => {
        const [ended] = await repo.unlink([from], reason);
        if (ended === undefined) return undefined;
        const { linked, alreadyLinked } = await repo.link([{ ...to, leadId: ended.leadId }]);
        return linked[0] ?? alreadyLinked[0];
      });
    },

    /** Moves every active link of one lead to another (lead merge); returns the new links. */
    async moveAllLinks(
      fromLeadId: string,
      toLeadId: string,
      reason: string,
    ): Promise<LinkRecord[]> {
      return db.transaction(async () => {
        const current = await repo.linksOfLead(fromLeadId);
        await repo.unlink(current, reason);
        return (await repo.link(current.map((link) => ({ ...link, leadId: toLeadId })))).linked;
      });
    },
  };
  return repo;
}
