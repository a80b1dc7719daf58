import { renderPath } from './describe-value.ts';
import type { ConfigProblem } from './problem.ts';
import type { YamlSource } from './yaml-file.ts';

/**
 * Secrets never live in YAML: config files get committed, copied into tickets and pasted in
 * chat. A key that looks like a secret is an error naming the environment variable to use
 * instead; its value is never echoed back.
 */
const SECRET_KEY = /token|secret|passw(or)?d|api[-_]?key|private[-_]?key|credential/i;
/** A Slack incoming-webhook URL is itself a credential. */
const NOTIFY_URL_KEY = /^(url|webhook|webhookUrl|webhook_url|slackUrl|slack_url)$/i;

function environmentVariableFor(path: readonly string[]): string {
  const key = path.at(-1)?.toLowerCase() ?? '';
  const where = path.join('.').toLowerCase();
  if (/notif|slack|webhook/.test(where)) return 'LEADLOOP_NOTIFY_URL';
  if (where.includes('hubspot')) {
    return key.includes('secret') ? 'HUBSPOT_CLIENT_SECRET' : 'HUBSPOT_ACCESS_TOKEN';
  }
  if (where.includes('salesforce')) {
    if (key.includes('secret')) return 'SALESFORCE_CLIENT_SECRET';
    if (/private/.test(key)) return 'SALESFORCE_PRIVATE_KEY_FILE';
    if (/passw/.test(key)) return 'SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET';
    return 'SALESFORCE_ACCESS_TOKEN';
  }
  if (/database|postgres|\bdb/.test(where)) return 'DATABASE_URL';
  if (/admin|dashboard/.test(where)) return 'LEADLOOP_ADMIN_TOKEN';
  return 'the matching environment variable (see "Environment" in README.md)';
}

function looksSecret(path: readonly string[]): boolean {
  const key = path.at(-1) ?? '';
  if (SECRET_KEY.test(key)) return true;
  return NOTIFY_URL_KEY.test(key) && path.slice(0, -1).some((part) => /notif/i.test(part));
}

/** Every secret-looking key in the file, with the variable that should hold it. */
export function findSecrets(source: YamlSource): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const walk = (value: unknown, path: (string | number)[]) => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach((item: unknown, index) => walk(item, [...path, index]));
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = [...path, key];
      const words = childPath.map(String);
      if (looksSecret(words)) {
        const variable = environmentVariableFor(words);
        const { line, column } = source.locate(childPath, { key: true });
        problems.push({
          file: source.file,
          line,
          column,
          path: renderPath(childPath),
          code: 'secret.in_yaml',
          expected: 'no secrets in YAML',
          found: 'a secret value (not shown)',
          message: 'expected no secrets in YAML, found a secret value (not shown)',
          hint: `delete this key and set ${variable} in the environment instead; if this file was ever shared or committed, rotate the secret`,
        });
        continue;
      }
      walk(child, childPath);
    }
  };
  walk(source.data, []);
  return problems;
}
