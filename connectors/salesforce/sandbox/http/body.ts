import type { IncomingMessage } from 'node:http';
import { SalesforceApiError } from './errors.ts';
import { jsonErrorOffset } from './json-position.ts';

/**
 * Request bodies without express's parsers: composite bodies are the hot path. Salesforce
 * refuses REST bodies over about 50 MB; the sandbox stops at 20 MB with 413.
 */
const MAX_BODY_BYTES = 20 * 1024 * 1024;

export function readText(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        reject(new SalesforceApiError(413, 'REQUEST_ENTITY_TOO_LARGE', 'Request entity too large'));
        return;
      }
      resolve(
        chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'),
      );
    });
  });
}

/**
 * JSON bodies. Salesforce's parser (Jackson) reports where it gave up:
 * `Unexpected character ('x' (code 120)): … at [line:1, column:2]`.
 */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readText(req);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    const at = jsonErrorOffset(text);
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    const char = text[at];
    const what =
      char === undefined
        ? 'Unexpected end-of-input'
        : `Unexpected character ('${char}' (code ${char.charCodeAt(0)}))`;
    throw new SalesforceApiError(
      400,
      'JSON_PARSER_ERROR',
      `${what} at [line:${line}, column:${column}]`,
    );
  }
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
