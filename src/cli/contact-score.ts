import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { env } from '../config/env.ts';
import type { LeadloopConfig } from '../config/load-config.ts';
import { LeadloopError } from '../errors/leadloop-error.ts';
import { frozenClock, systemClock } from '../lead/clock.ts';
import type { Score } from '../lead/lead.ts';
import {
  explainScore,
  reachesMql,
  scoreLead,
  scoringRecordFromHubspotProperties,
} from '../lead/scoring.ts';
import { formatTable } from './output.ts';

/**
 * A HubSpot contact as the v3 API returns it (`GET /crm/v3/objects/contacts/{id}`): property
 * values are strings, or null when blank. Other keys (createdAt, archived…) are ignored.
 */
export const HubspotContactFileSchema = z.object({
  id: z.string().min(1),
  properties: z.record(z.string(), z.string().nullable()),
});
export type HubspotContactFile = z.infer<typeof HubspotContactFileSchema>;

/** Reads a contact JSON file, with errors that say what a contact file should look like. */
export function readContactFile(path: string): HubspotContactFile {
  const shape = 'a HubSpot v3 contact: {"id": "…", "properties": {"email": "…", …}}';
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new LeadloopError('cli.file_unreadable', `Cannot read ${path}`, {
      hint: 'check the path; sample contacts are in config/examples/',
      cause,
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new LeadloopError('score.contact_invalid', `${path} is not JSON`, {
      hint: `expected ${shape}`,
      cause,
    });
  }
  const parsed = HubspotContactFileSchema.safeParse(data);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(top level)');
    throw new LeadloopError(
      'score.contact_invalid',
      `${path} is not a HubSpot contact (check ${[...new Set(where)].join(', ')})`,
      {
        hint: `expected ${shape}, as GET /crm/v3/objects/contacts/{id} returns it`,
      },
    );
  }
  return parsed.data;
}

/** The moment scores are computed at: LEADLOOP_NOW when set (tests, demos), else now. */
export function scoringTime(): Date {
  const frozen = env().LEADLOOP_NOW;
  return (frozen === undefined ? systemClock : frozenClock(frozen))();
}

export function scoreContact(
  config: LeadloopConfig,
  contact: HubspotContactFile,
  now: Date,
): Score {
  return scoreLead(config.scoring, scoringRecordFromHubspotProperties(contact.properties), now);
}

function contactName(contact: HubspotContactFile): string {
  const { firstname, lastname, email } = contact.properties;
  const name = [firstname, lastname]
    .filter((part) => part !== null && part !== undefined && part !== '')
    .join(' ');
  const who = name === '' ? (email ?? 'no name') : email ? `${name} <${email}>` : name;
  return `HubSpot contact ${contact.id} (${who})`;
}

/** The verdict line: total, grade and whether the score alone makes the lead an MQL. */
export function verdict(config: LeadloopConfig, score: Score): string {
  return `total ${score.total}, grade ${score.grade}, ${mqlVerdict(config, score)}`;
}

function mqlVerdict(config: LeadloopConfig, score: Score): string {
  return `MQL ${reachesMql(config.scoring, score) ? 'yes' : 'no'} (threshold ${config.scoring.mqlThreshold})`;
}

/** Every rule that fired with its points, then the verdict. */
export function explainContact(
  config: LeadloopConfig,
  contact: HubspotContactFile,
  now: Date,
): string[] {
  const score = scoreContact(config, contact, now);
  // The total row carries the verdict: grade and whether the score alone makes an MQL.
  const rows = explainScore(score).map((row) =>
    row.rule === 'total'
      ? [row.rule, row.points, `grade ${score.grade}, ${mqlVerdict(config, score)}`]
      : [row.rule, row.points, row.reason],
  );
  return [
    `${contactName(contact)}, scored at ${now.toISOString()}`,
    ...formatTable(['rule', 'points', 'reason'], rows),
  ];
}

export function summarizeContact(
  config: LeadloopConfig,
  contact: HubspotContactFile,
  now: Date,
): string {
  return `${contactName(contact)}: ${verdict(config, scoreContact(config, contact, now))}`;
}
