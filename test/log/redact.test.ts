import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import winston from 'winston';
import { REDACTED, redact, registerSecrets } from '../../src/log/redact.ts';
import { logger, setLogTransport } from '../../src/log/logger.ts';

describe('log redaction', () => {
  it('redacts values under secret-looking keys, at any depth', () => {
    const out = redact({
      headers: {
        Authorization: 'Bearer 00Dxx!AQ4AQ.secretvalue',
        'Content-Type': 'application/json',
      },
      body: { password: 'hunter22', client_secret: 'abc123def', user: 'ana@example.com' },
      accessToken: 'pat-na1-1234-5678',
    });
    expect(out).toEqual({
      headers: { Authorization: REDACTED, 'Content-Type': 'application/json' },
      body: { password: REDACTED, client_secret: REDACTED, user: 'ana@example.com' },
      accessToken: REDACTED,
    });
  });

  it('redacts registered secret values and bearer tokens inside free text', () => {
    registerSecrets(['pat-na1-11111111-2222', undefined]);
    expect(redact('request failed with token pat-na1-11111111-2222 attached')).toBe(
      `request failed with token ${REDACTED} attached`,
    );
    expect(redact('sent header Bearer eyJhbGciOiJSUzI1NiJ9.payload.sig')).toBe(
      `sent header Bearer ${REDACTED}`,
    );
    expect(redact('postgres://leadloop:s3cretpw@db:5432/leadloop')).toBe(
      `postgres://leadloop:${REDACTED}@db:5432/leadloop`,
    );
  });

  it('keeps secrets out of what the logger actually writes', () => {
    registerSecrets(['00D5g000004ABCD!ARQAQ-session']);
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    setLogTransport(new winston.transports.Stream({ stream: sink, format: winston.format.json() }));
    const error = new Error('INVALID_SESSION_ID for 00D5g000004ABCD!ARQAQ-session');
    logger('connector.salesforce').error('request failed', {
      error,
      request: { headers: { authorization: 'Bearer abcdef123456' } },
    });
    const written = lines.join('');
    expect(written).toContain('request failed');
    expect(written).toContain('connector.salesforce');
    expect(written).not.toContain('00D5g000004ABCD!ARQAQ-session');
    expect(written).not.toContain('abcdef123456');
    expect(written).toContain(REDACTED);
  });
});
