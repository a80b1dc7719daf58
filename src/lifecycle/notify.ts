import { logger } from '../log/logger.ts';

/**
 * SLA alerts for a Slack-compatible incoming webhook (`LEADLOOP_NOTIFY_URL`): `text` for any
 * receiver, plus Block Kit sections Slack renders. The URL is a secret: it is never logged.
 */
export interface SlaAlertMessage {
  readonly kind: 'breached' | 'escalated' | 'recycled';
  readonly leadName: string;
  readonly ownerName: string;
  /** Who the alert is for: the owner, or the owner's manager on escalation. */
  readonly recipient: string;
  readonly ageText: string;
  readonly recordUrl: string | undefined;
}

const log = logger('lifecycle.notify');

const HEADLINES: Readonly<Record<SlaAlertMessage['kind'], string>> = {
  breached: 'SLA breached',
  escalated: 'SLA escalated',
  recycled: 'Recycled: no follow-up',
};

export function alertPayload(message: SlaAlertMessage): Record<string, unknown> {
  const link =
    message.recordUrl === undefined
      ? message.leadName
      : `<${message.recordUrl}|${message.leadName}>`;
  const text = `${HEADLINES[message.kind]}: ${message.leadName} (owner ${message.ownerName}) was handed to sales ${message.ageText} ago and has not been followed up.`;
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*${HEADLINES[message.kind]}* for ${link}` },
      },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Owner*\n${message.ownerName}` },
          { type: 'mrkdwn', text: `*For*\n${message.recipient}` },
          { type: 'mrkdwn', text: `*Waiting*\n${message.ageText}` },
        ],
      },
    ],
  };
}

/** Posts the alert; three tries with backoff. Returns whether it was delivered. */
export async function postAlert(
  notifyUrl: string | undefined,
  message: SlaAlertMessage,
  options: { attempts?: number; timeoutMs?: number } = {},
): Promise<boolean> {
  if (notifyUrl === undefined) {
    log.info('SLA alert (LEADLOOP_NOTIFY_URL is not set: logged only)', {
      kind: message.kind,
      lead: message.leadName,
      owner: message.ownerName,
    });
    return false;
  }
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      const answer = await fetch(notifyUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alertPayload(message)),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      if (answer.ok) return true;
      log.warn('SLA alert refused by the notification endpoint', {
        status: answer.status,
        attempt,
      });
    } catch (error) {
      // Not the message: fetch's errors can quote the URL, and the URL is the secret.
      const cause =
        error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
      log.warn('SLA alert could not be sent', {
        attempt,
        error: error instanceof Error ? error.name : 'unknown',
        ...(typeof cause?.code === 'string' ? { code: cause.code } : {}),
      });
    }
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
  }
  return false;
}

/** "3 h 20 min", "2 days 4 h": how long a lead has waited, for people. */
export function ageText(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const days = Math.floor(minutes / 1_440);
  const hours = Math.floor((minutes % 1_440) / 60);
  const rest = minutes % 60;
  if (days > 0) return `${days} day${days === 1 ? '' : 's'}${hours > 0 ? ` ${hours} h` : ''}`;
  if (hours > 0) return `${hours} h${rest > 0 ? ` ${rest} min` : ''}`;
  return `${rest} min`;
}
