import { describe, expect, it } from '@jest/globals';
import {
  explainScore,
  formatScoreReasons,
  reachesMql,
  scoreLead,
  scoringRecordFromHubspotProperties,
  type ScoringValue,
} from '../../src/lead/scoring.ts';
import { scoringValueOf } from '../../src/lead/hubspot-scoring-record.ts';
import { readRepoJson, shippedScoring } from './shipped-config.ts';

/** A contact as HubSpot's v3 API returns it; every property a string, or null when blank. */
interface HubspotContact {
  id: string;
  properties: Record<string, string | null>;
}

const NOW = new Date('2026-11-23T15:00:00.000Z');
const config = shippedScoring();

function contacts(fixture: string): HubspotContact[] {
  const page = readRepoJson(`test/fixtures/hubspot/${fixture}.json`) as {
    results: HubspotContact[];
  };
  return page.results;
}

function scored(fixture: string) {
  return contacts(fixture).map((contact) => {
    const score = scoreLead(config, scoringRecordFromHubspotProperties(contact.properties), NOW);
    return { id: contact.id, total: score.total, grade: score.grade, reasons: score.reasons };
  });
}

const pointsById = (reasons: { ruleId: string; points: number }[]) =>
  reasons.map((reason) => `${reason.ruleId} ${reason.points}`);

describe('scoring HubSpot contacts with the shipped config', () => {
  it('engaged buyers: a VP in a core market, and a referred ops manager', () => {
    const [priya, oscar] = scored('contacts-engaged-buyers');
    expect(priya?.total).toBe(120);
    expect(priya?.grade).toBe('A');
    expect(pointsById(priya?.reasons ?? [])).toEqual([
      'title-executive 20',
      'country-core-market 10',
      'industry-target 5',
      'company-size-mid-market 10',
      'company-revenue 5',
      'phone-given 5',
      'email-opens 9.3',
      'email-clicks 11.2',
      'page-views 9.6',
      'visits 9.6',
      'form-conversions 18',
      'hubspot-score 7.2',
    ]);
    // Oscar left the phone blank (""), and his company is under $10M.
    expect([oscar?.total, oscar?.grade]).toEqual([52, 'C']);
    expect(pointsById(oscar?.reasons ?? [])).toEqual([
      'title-manager 10',
      'country-core-market 10',
      'company-size-mid-market 10',
      'referral 5',
      'email-opens 3.6',
      'email-clicks 2.2',
      'page-views 1.1',
      'visits 1.7',
      'form-conversions 4.5',
      'hubspot-score 4.1',
    ]);
  });

  it('cold and junk: a student on gmail goes negative; no activity scores 0', () => {
    const [rahul, marco] = scored('contacts-cold-and-junk');
    expect(rahul).toEqual({
      id: '90015',
      total: -48,
      grade: 'D',
      reasons: [
        { ruleId: 'title-student', label: 'Student', points: -25 },
        { ruleId: 'company-missing', label: 'No company given', points: -10 },
        { ruleId: 'free-email', label: 'Personal email address', points: -15 },
        { ruleId: 'email-opens', label: 'Opened marketing emails', points: 0.1 },
        {
          ruleId: 'form-conversions',
          label: 'Filled in forms (demo, trial, content)',
          points: 1.5,
        },
        { ruleId: 'hubspot-score', label: 'HubSpot score', points: 0.3 },
      ],
    });
    expect(marco).toEqual({ id: '90233', total: 0, grade: 'D', reasons: [] });
  });

  it('messy values: padded numbers, epoch dates, nulls and blanks', () => {
    // " 7 " opens, last open as epoch ms; "12.0" page views, last visit tomorrow (no decay);
    // visits "n/a", clicks null, hubspotscore "", conversions without a date, revenue
    // "12,000,000" and a null phone all fire nothing.
    const [lena] = scored('contacts-messy-values');
    expect([lena?.total, lena?.grade]).toEqual([57, 'C']);
    expect(pointsById(lena?.reasons ?? [])).toEqual([
      'title-executive 20',
      'country-core-market 10',
      'industry-target 5',
      'company-size-mid-market 10',
      'email-opens 6.4',
      'page-views 6',
    ]);
  });

  it('MQL is a total at or above the threshold', () => {
    const totals = [...scored('contacts-engaged-buyers'), ...scored('contacts-messy-values')];
    expect(totals.map((lead) => reachesMql(config, lead))).toEqual([true, false, false]);
  });
});

describe('the sample contacts in config/examples', () => {
  it.each([
    ['hot-lead-cro-demo-request', 115, 'A'],
    ['referral-head-of-growth-uk', 80, 'A'],
    ['nurture-manager-ebook', 49, 'C'],
    ['cold-student-personal-email', -49, 'D'],
  ])('%s scores %i, grade %s', (name, total, grade) => {
    const contact = readRepoJson(`config/examples/${name}.json`) as HubspotContact;
    const score = scoreLead(config, scoringRecordFromHubspotProperties(contact.properties), NOW);
    expect([score.total, score.grade]).toEqual([total, grade]);
  });
});

describe('explaining a score', () => {
  const score = scoreLead(
    config,
    scoringRecordFromHubspotProperties({
      jobtitle: 'Head of Sales',
      email: 'kwame@gmail.com',
      company: 'Okafor & Co',
      hubspotscore: '30',
    }),
    NOW,
  );

  it('gives one table row per reason, signed, then the total with its grade', () => {
    expect(explainScore(score)).toEqual([
      { rule: 'title-executive', reason: 'Executive or director title', points: '+20' },
      { rule: 'free-email', reason: 'Personal email address', points: '-15' },
      { rule: 'hubspot-score', reason: 'HubSpot score', points: '+3' },
      { rule: 'total', reason: 'Total (grade D)', points: '8' },
    ]);
  });

  it('writes one line for the CRM field', () => {
    expect(formatScoreReasons(score)).toBe(
      '8 (D): +20 Executive or director title; -15 Personal email address; +3 HubSpot score',
    );
  });
});

describe('scoringRecordFromHubspotProperties', () => {
  it('keeps every property and adds the universal names', () => {
    expect(
      scoringRecordFromHubspotProperties({
        firstname: 'Priya',
        lastname: 'Patel',
        jobtitle: 'VP of Marketing',
        hs_analytics_source: 'ORGANIC_SEARCH',
        phone: null,
        hs_email_open: '14',
      }),
    ).toEqual({
      firstname: 'Priya',
      lastname: 'Patel',
      jobtitle: 'VP of Marketing',
      hs_analytics_source: 'ORGANIC_SEARCH',
      phone: null,
      hs_email_open: '14',
      firstName: 'Priya',
      lastName: 'Patel',
      title: 'VP of Marketing',
      leadSource: 'ORGANIC_SEARCH',
    });
  });
});

describe('scoringValueOf', () => {
  it('reads each key as the full record overlaid with the known fields has it', () => {
    const properties: Record<string, ScoringValue> = {
      firstname: 'Priya',
      jobtitle: 'VP of Marketing',
      title: 'a property named like a field',
      company: null,
      phone: '+1 415 555 0142',
      hs_analytics_source: 'ORGANIC_SEARCH',
      hs_email_open: '14',
    };
    const known: Record<string, ScoringValue> = {
      firstName: null,
      lastName: 'Patel',
      company: 'Acme',
      phone: undefined,
      leadSource: 'REFERRALS',
    };
    const full: Record<string, ScoringValue> = scoringRecordFromHubspotProperties(properties);
    for (const [field, value] of Object.entries(known)) {
      if (value !== null && value !== undefined) full[field] = value;
    }
    const property = (name: string) =>
      Object.hasOwn(properties, name) ? properties[name] : undefined;
    const names = [...new Set([...Object.keys(full), 'email', 'country', 'numemployees'])];
    expect(
      Object.fromEntries(names.map((name) => [name, scoringValueOf(name, property, known)])),
    ).toEqual(Object.fromEntries(names.map((name) => [name, full[name]])));
  });
});
