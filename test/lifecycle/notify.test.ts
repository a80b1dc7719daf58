import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import winston from 'winston';
import { alertPayload, postAlert, type SlaAlertMessage } from '../../src/lifecycle/notify.ts';
import { setLogTransport } from '../../src/log/logger.ts';

/**
 * The Slack-compatible alert: posted to a local receiver, retried when the receiver fails, and
 * the webhook URL — a secret — never in a log line, whatever goes wrong.
 */
const message: SlaAlertMessage = {
  kind: 'breached',
  leadName: 'Dana Whitfield',
  ownerName: 'Jordan Reyes',
  recipient: 'Jordan Reyes',
  ageText: '2 days 1 h',
  recordUrl: 'https://acme.my.salesforce.com/lightning/r/Lead/00Q000000000001AAA/view',
};
const logLines: string[] = [];
let server: Server;
let url: string;
let answers: number[];
const received: unknown[] = [];

beforeAll(async () => {
  setLogTransport(
    new winston.transports.Stream({
      stream: new Writable({
        write(chunk: Buffer, _encoding, done) {
          logLines.push(chunk.toString());
          done();
        },
      }),
      format: winston.format.json(),
    }),
  );
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push(JSON.parse(body));
      response.writeHead(answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  url = `http://127.0.0.1:${port}/services/T0LOCAL/B0LOCAL/hookSecret5e1d`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('SLA alerts', () => {
  test('the payload names the lead, owner, age and links the record', () => {
    expect(alertPayload(message)).toEqual({
      text: 'SLA breached: Dana Whitfield (owner Jordan Reyes) was handed to sales 2 days 1 h ago and has not been followed up.',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*SLA breached* for <https://acme.my.salesforce.com/lightning/r/Lead/00Q000000000001AAA/view|Dana Whitfield>',
          },
        },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Owner*\nJordan Reyes' },
            { type: 'mrkdwn', text: '*For*\nJordan Reyes' },
            { type: 'mrkdwn', text: '*Waiting*\n2 days 1 h' },
          ],
        },
      ],
    });
  });

  test('a receiver that fails once gets the alert on the retry', async () => {
    answers = [500];
    received.length = 0;
    expect(await postAlert(url, message, { attempts: 3 })).toBe(true);
    expect(received).toEqual([alertPayload(message), alertPayload(message)]);
  });

  test('an endpoint that cannot be reached: not delivered, and the URL is not logged', async () => {
    logLines.length = 0;
    const unreachable = 'http://127.0.0.1:1/services/T0LOCAL/B0LOCAL/hookSecret5e1d';
    expect(await postAlert(unreachable, message, { attempts: 2 })).toBe(false);
    expect(await postAlert('hooks.slack.example/hookSecret5e1d', message, { attempts: 1 })).toBe(
      false,
    );
    expect(logLines).toHaveLength(3);
    expect(logLines.join('\n')).toContain('SLA alert could not be sent');
    expect(logLines.join('\n')).not.toContain('hookSecret5e1d');
  });
});
