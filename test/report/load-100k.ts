// Not a test: fills a store with 100,000 leads and a year of pipeline, times the report and
// prints EXPLAIN ANALYZE of every query it runs. Run it by hand:
//   LEADLOOP_TEST_DATABASE_URL=postgres://… npx node test/report/load-100k.ts [pglite|postgres]
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { buildReport, resolveRange } from '../../src/report/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';

const LEADS = 100_000;
const NOW = '2026-04-01T00:00:00.000Z';
const backend = process.argv[2] === 'postgres' ? 'postgres' : 'pglite';
const adminUrl = process.env.LEADLOOP_TEST_DATABASE_URL ?? '';
const schema = `leadloop_load_${randomBytes(4).toString('hex')}`;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(sql);
  await client.end();
}

async function open(): Promise<Store> {
  if (backend === 'pglite') {
    return openStore({ env: { DATABASE_URL: undefined, LEADLOOP_DATA_DIR: 'memory://' } });
  }
  await admin(`CREATE SCHEMA ${schema}`);
  const url = new URL(adminUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return openStore({ env: { DATABASE_URL: url.toString(), LEADLOOP_DATA_DIR: 'memory://' } });
}

const FUNNEL = `(VALUES ('inquiry',1),('mql',2),('sal',3),('sql',4),('opportunity',5),('customer',6)) AS f(stage, rank)`;

async function fill(store: Store): Promise<void> {
  const { db } = store;
  await db.query('SELECT setseed(0.42)');
  await db.query(
    `INSERT INTO leads (id, email_normalized, fields, stage, owner, created_at, updated_at)
     SELECT gen_random_uuid(), 'lead' || n || '@example.com',
            jsonb_build_object('firstName', 'Lead', 'lastName', n::text, 'company', 'Co ' || (n % 5000),
              'leadSource', (ARRAY['Webinar','Paid Search','Organic','Referral','Event','Partner','Content','Outbound'])[1 + n % 8],
              'campaign', 'Campaign ' || (n % 20)),
            'inquiry', jsonb_build_object('salesforceUserId', '005U' || lpad((n % 25)::text, 11, '0'), 'name', 'Rep ' || (n % 25)),
            $1::timestamptz - (n % 365) * interval '1 day' - (n % 24) * interval '1 hour', $1::timestamptz
     FROM generate_series(1, ${LEADS}) AS n`,
    [NOW],
  );
  // Funnel depth: half stay inquiries, a few reach customer; each step 36–60 h after the last.
  await db.query(
    `WITH l AS (SELECT id, created_at, random() AS r FROM leads),
          d AS (SELECT id, created_at, CASE WHEN r < 0.5 THEN 1 WHEN r < 0.7 THEN 2 WHEN r < 0.82 THEN 3
                  WHEN r < 0.9 THEN 4 WHEN r < 0.95 THEN 5 ELSE 6 END AS depth FROM l)
     INSERT INTO stage_history (lead_id, stage, from_stage, at, system, actor)
     SELECT d.id, f.stage, CASE WHEN f.rank > 1 THEN (ARRAY['inquiry','mql','sal','sql','opportunity'])[f.rank - 1] END,
            d.created_at + (f.rank - 1) * interval '36 hours' + random() * interval '24 hours',
            'leadloop', 'load'
     FROM d JOIN ${FUNNEL} ON f.rank <= d.depth`,
  );
  await db.query(
    `INSERT INTO stage_history (lead_id, stage, from_stage, at, system, actor, reason)
     SELECT lead_id, 'recycled', stage, at + interval '3 days',  'salesforce', 'rep',
            (ARRAY['no budget','bad timing','no authority','closed lost','unresponsive'])[1 + floor(random() * 5)::int]
     FROM (SELECT DISTINCT ON (lead_id) lead_id, stage, at FROM stage_history ORDER BY lead_id, at DESC) last
     WHERE stage IN ('mql','sal','sql','opportunity') AND random() < 0.25`,
  );
  await db.query(
    `INSERT INTO sla_clocks (lead_id, handoff_at, due_at, owner_id, status, first_touch_at, breached_at, closed_at)
     SELECT h.lead_id, h.at, h.at + interval '4 hours', l.owner ->> 'salesforceUserId',
            CASE WHEN t.touch IS NULL OR t.touch > h.at + interval '4 hours' THEN 'breached' ELSE 'met' END,
            t.touch, CASE WHEN t.touch IS NULL OR t.touch > h.at + interval '4 hours' THEN h.at + interval '4 hours' END,
            CASE WHEN t.touch IS NOT NULL OR random() < 0.95 THEN coalesce(t.touch, h.at + interval '3 days') END
     FROM stage_history h JOIN leads l ON l.id = h.lead_id
     CROSS JOIN LATERAL (SELECT CASE WHEN random() < 0.75 THEN h.at + random() * interval '30 hours' END AS touch) t
     WHERE h.stage = 'mql'`,
  );
  await db.query(
    `INSERT INTO opportunities (system, id, lead_id, name, stage, amount, currency, close_date, status, updated_at)
     SELECT 'salesforce', '006' || row_number() OVER (), h.lead_id, 'Deal', 'x', 1000 + floor(random() * 50000),
            'USD', (h.at + interval '20 days')::date,
            CASE WHEN EXISTS (SELECT 1 FROM stage_history c WHERE c.lead_id = h.lead_id AND c.stage = 'customer') THEN 'won'
                 WHEN random() < 0.5 THEN 'lost' ELSE 'open' END, $1::timestamptz
     FROM stage_history h WHERE h.stage = 'opportunity'`,
    [NOW],
  );
  await db.query(
    `INSERT INTO runs (kind, started_at, finished_at, status, trigger, summary)
     SELECT 'sync', $1::timestamptz - n * interval '15 minutes', $1::timestamptz - n * interval '15 minutes' + interval '40 seconds',
            'succeeded', 'schedule', '{"apiUsage":[{"system":"salesforce","callsMade":40,"dailyUsed":900,"dailyLimit":15000}]}'
     FROM generate_series(1, 2000) AS n`,
    [NOW],
  );
  await db.query(
    `INSERT INTO dead_letters (system, object, operation, external_id, error_kind, error_message, first_failed_at, last_failed_at)
     SELECT 'salesforce', 'Lead', 'upsert', 'x' || n, 'invalid_record', 'bad', $1::timestamptz, $1::timestamptz
     FROM generate_series(1, 300) AS n`,
    [NOW],
  );
  await db.query('ANALYZE');
}

const count = async (store: Store, table: string) =>
  Number((await store.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);

async function main(): Promise<void> {
  const store = await open();
  try {
    let started = Date.now();
    await fill(store);
    const sizes = await Promise.all(
      ['leads', 'stage_history', 'sla_clocks', 'opportunities'].map(
        async (t) => `${t} ${await count(store, t)}`,
      ),
    );
    console.log(`${backend}: filled in ${Date.now() - started} ms: ${sizes.join(', ')}`);

    // Capture the report's queries to EXPLAIN them afterwards.
    const queries: { sql: string; params: readonly unknown[] }[] = [];
    const recording = {
      db: {
        query: <T>(sql: string, params: readonly unknown[] = []) => {
          queries.push({ sql, params });
          return store.db.query<T>(sql, params);
        },
      },
    };
    for (const period of [
      { since: '2026-01-01', until: '2026-03-31' },
      { since: '2025-04-01', until: '2026-03-31' },
    ]) {
      const range = resolveRange(period, new Date(NOW));
      await buildReport(store, range); // warm
      started = Date.now();
      const report = await buildReport(store, range);
      console.log(
        `${period.since}..${period.until}: buildReport ${Date.now() - started} ms (inquiries ${report.waterfall.steps[0]?.entered}, handoffs ${report.speedToLead.overall.handoffs})`,
      );
    }
    await buildReport(
      recording,
      resolveRange({ since: '2026-01-01', until: '2026-03-31' }, new Date(NOW)),
    );
    for (const { sql, params } of queries) {
      const t = Date.now();
      await store.db.query(sql, params);
      const ms = Date.now() - t;
      const plan = await store.db.query<Record<string, string>>(
        `EXPLAIN (ANALYZE, COSTS OFF) ${sql}`,
        params,
      );
      const lines = plan.rows.map((row) => Object.values(row)[0] ?? '');
      const scans = lines
        .filter((line) => /Scan|Execution Time/.test(line))
        .map((line) => line.trim());
      console.log(
        `\n--- ${ms} ms: ${sql.trim().split('\n')[0]?.slice(0, 90)}\n${scans.join('\n')}`,
      );
    }
  } finally {
    await store.close();
    if (backend === 'postgres') await admin(`DROP SCHEMA ${schema} CASCADE`);
  }
}

await main();
