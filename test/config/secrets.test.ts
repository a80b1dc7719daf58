import { describe, expect, it } from '@jest/globals';
import { findSecrets } from '../../src/config/secrets.ts';
import { parseYaml } from '../../src/config/yaml-file.ts';

function secretsIn(text: string) {
  const parsed = parseYaml(text, 'config/leadloop.yaml');
  if (!parsed.ok) throw new Error('fixture must be valid YAML');
  return findSecrets(parsed.source).map((problem) => ({
    at: `${problem.line}:${problem.column} ${problem.path}`,
    variable: /set (.+) in the environment/.exec(problem.hint ?? '')?.[1],
  }));
}

describe('secrets in YAML', () => {
  it('names the environment variable that should hold each one', () => {
    const text = [
      'systems:',
      '  hubspot:',
      '    access_token: pat-na1-0000',
      '    clientSecret: 5a1e',
      '  salesforce:',
      '    password: hunter2',
      '    privateKey: ./server.key',
      '    apiKey: 00D000',
      'notifications:',
      '  webhookUrl: https://hooks.slack.com/services/T0/B0/XX',
      'database:',
      '  password: s3cret',
      'dashboard:',
      '  token: abc',
      'other:',
      '  - credentials: x',
    ].join('\n');
    expect(secretsIn(text)).toEqual([
      { at: '3:5 systems.hubspot.access_token', variable: 'HUBSPOT_ACCESS_TOKEN' },
      { at: '4:5 systems.hubspot.clientSecret', variable: 'HUBSPOT_CLIENT_SECRET' },
      {
        at: '6:5 systems.salesforce.password',
        variable: 'SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET',
      },
      { at: '7:5 systems.salesforce.privateKey', variable: 'SALESFORCE_PRIVATE_KEY_FILE' },
      { at: '8:5 systems.salesforce.apiKey', variable: 'SALESFORCE_ACCESS_TOKEN' },
      { at: '10:3 notifications.webhookUrl', variable: 'LEADLOOP_NOTIFY_URL' },
      { at: '12:3 database.password', variable: 'DATABASE_URL' },
      { at: '14:3 dashboard.token', variable: 'LEADLOOP_ADMIN_TOKEN' },
      {
        at: '16:5 other[0].credentials',
        variable: 'the matching environment variable (see "Environment" in README.md)',
      },
    ]);
  });

  it('leaves ordinary keys alone, including a URL outside notifications', () => {
    expect(
      secretsIn(
        'sync:\n  tieBreak: salesforce\nsystems:\n  hubspot:\n    url: https://api.hubapi.com\n',
      ),
    ).toEqual([]);
  });
});
