import express, { type Request, type Response } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ID_PREFIX, STANDARD_FIELDS, type FakeField } from './fake-org-schema.ts';
import { collection, remove } from './fake-org-collections.ts';
import { metadataRouter } from './fake-org-metadata.ts';
import { more, query } from './fake-org-query.ts';

/**
 * A test double of one Salesforce org on 127.0.0.1, spoken to by the real jsforce: REST
 * query/queryAll with locators, collections, describe, limits, identity, the OAuth token
 * endpoint and the Metadata SOAP calls setup makes. Wire formats follow the REST API guide.
 */
export type Row = Record<string, unknown>;
type Fault = 'invalid_session' | 'request_limit' | 'server_error' | 'hang' | 'lock_row';

export class FakeOrg {
  readonly rows = new Map<string, Map<string, Row>>();
  readonly custom = new Map<string, Map<string, FakeField>>();
  readonly permissionSets = new Map<string, Row>();
  readonly requests: string[] = [];
  readonly assignHeaders: string[] = [];
  readonly tokens = new Set(['fake-session-token']);
  readonly queues = ['005FAKEUSER0000001', '005FAKEUSER0000002'];
  now = new Date('2026-03-02T09:00:00.000Z');
  dailyLimit = 15_000;
  used = 0;
  /** Shifts the Date header this org sends (clock skew). */
  dateOffsetMs = 0;
  #faults: { kind: Fault; path: string; count: number; skip: number }[] = [];
  readonly locators = new Map<string, { rows: Row[]; size: number }>();
  #counter = 0;
  roundRobin = 0;
  #server: Server | undefined;
  url = '';

  /** The next `count` requests whose path contains `path` fail, after `skip` that pass. */
  fail(kind: Fault, path = '', count = 1, skip = 0): void {
    this.#faults.push({ kind, path, count, skip });
  }

  clearFaults(): void {
    this.#faults = [];
  }

  /** Salesforce drops idle query locators after about 15 minutes. */
  forgetLocators(): void {
    this.locators.clear();
  }

  fields(object: string): Map<string, FakeField> {
    const all = [...(STANDARD_FIELDS[object] ?? []), ...(this.custom.get(object)?.values() ?? [])];
    return new Map(all.map((field) => [field.name, field]));
  }

  modstamp(): string {
    return this.now.toISOString().replace(/\.\d{3}Z$/, '.000+0000');
  }

  table(object: string): Map<string, Row> {
    const table = this.rows.get(object) ?? new Map<string, Row>();
    this.rows.set(object, table);
    return table;
  }

  /** Inserts a row directly (as another user or integration would). */
  insert(object: string, values: Row): Row {
    this.#counter += 1;
    const id =
      typeof values.Id === 'string'
        ? values.Id
        : `${ID_PREFIX[object] ?? '001'}FAKE${String(this.#counter).padStart(11, '0')}`;
    const row: Row = {
      Id: id,
      CreatedDate: this.modstamp(),
      SystemModstamp: this.modstamp(),
      IsDeleted: false,
      ...values,
    };
    this.table(object).set(id, row);
    return row;
  }

  touch(row: Row, values: Row): void {
    Object.assign(row, values, { SystemModstamp: this.modstamp() });
  }

  async start(): Promise<string> {
    this.insert('User', {
      Id: '005FAKEINTEGRATION',
      Name: 'Integration User',
      Email: 'integration@acme.example',
      IsActive: true,
    });
    this.insert('User', {
      Id: this.queues[0],
      Name: 'Priya Raman',
      Email: 'priya.raman@acme.example',
      IsActive: true,
    });
    this.insert('User', {
      Id: this.queues[1],
      Name: 'Tom Okafor',
      Email: 'tom.okafor@acme.example',
      IsActive: true,
    });
    const app = express();
    app.use(express.json({ limit: '10mb' }));
    app.use(express.urlencoded({ extended: false }));
    app.use(express.text({ type: 'text/xml', limit: '10mb' }));
    app.post('/services/oauth2/token', (req, res) => this.#token(req, res));
    app.get(
      '/id/:org/:user',
      (req, res) =>
        void res.json({
          user_id: req.params.user,
          organization_id: req.params.org,
          username: 'integration@acme.example',
        }),
    );
    app.use('/services', (req, res, next) => this.#gate(req, res, next));
    app.get(
      '/services/data',
      (_req, res) =>
        void res.json(
          ['60.0', '61.0', '62.0'].map((version) => ({
            version,
            label: 'Winter',
            url: `/services/data/v${version}`,
          })),
        ),
    );
    app.get(
      '/services/data/v62.0',
      (_req, res) =>
        void res.json({
          identity: `${this.url}/id/00DFAKE00000000AAA/005FAKEINTEGRATION`,
          limits: '/services/data/v62.0/limits',
        }),
    );
    app.get(
      '/services/data/v62.0/limits',
      (_req, res) =>
        void res.json({
          DailyApiRequests: { Max: this.dailyLimit, Remaining: this.dailyLimit - this.used },
        }),
    );
    app.get('/services/data/v62.0/sobjects/:object/describe', (req, res) =>
      this.#describe(req, res),
    );
    app.get(['/services/data/v62.0/query', '/services/data/v62.0/queryAll'], (req, res) =>
      query(this, req, res),
    );
    app.get('/services/data/v62.0/query/:locator', (req, res) => more(this, req, res));
    app.post('/services/data/v62.0/composite/sobjects', (req, res) =>
      collection(this, req, res, 'create'),
    );
    app.patch('/services/data/v62.0/composite/sobjects', (req, res) =>
      collection(this, req, res, 'update'),
    );
    app.patch('/services/data/v62.0/composite/sobjects/:object/:field', (req, res) =>
      collection(this, req, res, 'upsert'),
    );
    app.delete('/services/data/v62.0/composite/sobjects', (req, res) => remove(this, req, res));
    app.use('/services/Soap/m/62.0', metadataRouter(this));
    await new Promise<void>((resolve) => {
      this.#server = app.listen(0, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}`;
    return this.url;
  }

  close(): Promise<void> {
    this.#server?.closeAllConnections();
    return new Promise((resolve) =>
      this.#server ? this.#server.close(() => resolve()) : resolve(),
    );
  }

  #token(req: Request, res: Response): void {
    this.requests.push('POST /services/oauth2/token');
    const body = req.body as Record<string, string>;
    if (
      body.grant_type !== 'client_credentials' ||
      body.client_id !== 'leadloop-app' ||
      body.client_secret !== 'app-secret'
    ) {
      res
        .status(400)
        .json({ error: 'invalid_client', error_description: 'invalid client credentials' });
      return;
    }
    const token = `fake-token-${this.tokens.size + 1}`;
    this.tokens.add(token);
    res.json({
      access_token: token,
      instance_url: this.url,
      id: `${this.url}/id/00DFAKE00000000AAA/005FAKEINTEGRATION`,
      token_type: 'Bearer',
      issued_at: String(this.now.getTime()),
      signature: 'x',
    });
  }

  #gate(req: Request, res: Response, next: () => void): void {
    const path = req.originalUrl.split('?')[0] ?? '';
    this.requests.push(`${req.method} ${path}`);
    res.setHeader('Date', new Date(Date.now() + this.dateOffsetMs).toUTCString());
    let fault = this.#faults.find((candidate) => path.includes(candidate.path));
    if (fault !== undefined && fault.skip > 0) {
      fault.skip -= 1;
      fault = undefined;
    } else if (fault !== undefined && (fault.count -= 1) <= 0) {
      this.#faults.splice(this.#faults.indexOf(fault), 1);
    }
    if (fault?.kind === 'hang') return;
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const soapToken =
      typeof req.body === 'string'
        ? /<sessionId>([^<]*)<\/sessionId>/.exec(req.body)?.[1]
        : undefined;
    if (fault?.kind === 'invalid_session' || !this.tokens.has(soapToken ?? token)) {
      // SOAP answers a bad session with a 500 fault; REST with 401 and an error array.
      if (path.includes('/Soap/')) {
        res
          .status(500)
          .type('text/xml')
          .send(
            '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>sf:INVALID_SESSION_ID</faultcode><faultstring>INVALID_SESSION_ID: Invalid Session ID found in SessionHeader</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>',
          );
      } else
        res
          .status(401)
          .json([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
      return;
    }
    this.used += 1;
    res.setHeader('Sforce-Limit-Info', `api-usage=${this.used}/${this.dailyLimit}`);
    if (fault?.kind === 'request_limit' || this.used > this.dailyLimit) {
      res
        .status(403)
        .json([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
      return;
    }
    if (fault?.kind === 'server_error') {
      res.status(503).setHeader('Retry-After', '2').type('text/plain').send('Service Unavailable');
      return;
    }
    if (fault?.kind === 'lock_row') res.locals.lockRow = true;
    next();
  }

  #describe(req: Request, res: Response): void {
    const object = String(req.params.object);
    const fields = [...this.fields(object).values()].map((field) => ({
      name: field.name,
      type: field.type,
      createable: field.createable,
      updateable: field.updateable,
      relationshipName: field.relationshipName ?? null,
      restrictedPicklist: field.restricted === true,
      picklistValues: (field.picklist ?? []).map((value) => ({
        value,
        label: value,
        active: true,
        defaultValue: false,
      })),
    }));
    if (fields.length === 0)
      res
        .status(404)
        .json([{ errorCode: 'NOT_FOUND', message: `The requested resource does not exist` }]);
    else res.json({ name: object, fields });
  }
}
