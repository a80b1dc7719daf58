import type { IncomingMessage } from 'node:http';
import { HubspotApiError, validationError } from './respond.ts';

/**
 * Reads a JSON request body without express.json(): batch bodies are the hot path of the
 * benchmark, and one Buffer.concat + JSON.parse is all they need. HubSpot limits payloads to a
 * few MB; the sandbox refuses bodies over 10 MB with the vendor's 413.
 */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<unknown> {
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
        reject(new HubspotApiError(413, 'VALIDATION_ERROR', 'Request entity too large'));
        return;
      }
      if (size === 0) {
        resolve(undefined);
        return;
      }
      const text =
        chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
      try {
        resolve(JSON.parse(text));
      } catch (error) {
        reject(
          validationError(
            `Invalid input JSON on line 1, column 1: ${error instanceof Error ? error.message : 'unparseable body'}`,
          ),
        );
      }
    });
  });
}

/** A plain JSON object (not an array, not null). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
