import type { SandboxClock } from '../../../../src/sandbox/clock.ts';
import { SANDBOX_PORTAL_ID, type ObjectTypeName } from '../config.ts';
import type { RecordEvents, WriteSource } from '../objects/source.ts';
import type { CrmRecord } from '../store/record.ts';
import { signV1, signV3 } from './signature.ts';

/**
 * Webhook delivery as HubSpot does it for contact subscriptions: events are collected for a
 * short debounce and POSTed in batches of at most 100, signed (v3 and v1 headers); a non-2xx
 * answer or a network error is retried with `attemptNumber` + 1, up to a bounded number of
 * attempts. Only contact events are delivered (creation, propertyChange, deletion, merge).
 */
export interface WebhookConfig {
  targetUrl: string;
  clientSecret: string;
  appId: number;
  /** Total attempts per batch, first included. */
  maxAttempts: number;
  /** Wait before retry n is retryDelayMs × n. */
  retryDelayMs: number;
  debounceMs: number;
  /** Only changes of these properties are sent (all when undefined). */
  propertyNames: readonly string[] | undefined;
}

export interface WebhookEvent {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  objectId: number;
  changeSource: string;
  sourceId?: string;
  changeFlag?: string;
  propertyName?: string;
  propertyValue?: string;
  primaryObjectId?: number;
  mergedObjectIds?: number[];
  newObjectId?: number;
  numberOfPropertiesMoved?: number;
}

export interface DeliveryRecord {
  readonly at: string;
  readonly attemptNumber: number;
  readonly events: number;
  readonly status: number | null;
  readonly error?: string;
}

const SUBSCRIPTIONS: Record<string, number> = {
  'contact.creation': 1001,
  'contact.propertyChange': 1002,
  'contact.deletion': 1003,
  'contact.merge': 1004,
};
const BATCH_SIZE = 100;

export class WebhookDispatcher implements RecordEvents {
  #config: WebhookConfig | undefined;
  #queue: WebhookEvent[] = [];
  #timer: NodeJS.Timeout | undefined;
  #nextEventId = 1;
  #inFlight = 0;
  #idleWaiters: (() => void)[] = [];
  readonly deliveries: DeliveryRecord[] = [];
  readonly #clock: SandboxClock;

  constructor(clock: SandboxClock) {
    this.#clock = clock;
  }

  get config(): WebhookConfig | undefined {
    return this.#config;
  }

  configure(config: WebhookConfig | undefined): void {
    this.#config = config;
    if (config === undefined) this.#queue = [];
  }

  reset(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#config = undefined;
    this.#queue = [];
    this.#nextEventId = 1;
    this.deliveries.length = 0;
  }

  created(type: ObjectTypeName, record: CrmRecord, source: WriteSource, at: number): void {
    this.#push(type, 'contact.creation', record.id, source, at, { changeFlag: 'NEW' });
  }

  propertyChanged(
    type: ObjectTypeName,
    record: CrmRecord,
    name: string,
    value: string,
    source: WriteSource,
    at: number,
  ): void {
    const names = this.#config?.propertyNames;
    if (names !== undefined && !names.includes(name)) return;
    this.#push(type, 'contact.propertyChange', record.id, source, at, {
      propertyName: name,
      propertyValue: value,
    });
  }

  deleted(type: ObjectTypeName, record: CrmRecord, source: WriteSource, at: number): void {
    this.#push(type, 'contact.deletion', record.id, source, at, { changeFlag: 'DELETED' });
  }

  merged(
    type: ObjectTypeName,
    survivor: CrmRecord,
    mergedId: number,
    moved: number,
    source: WriteSource,
    at: number,
  ): void {
    this.#push(type, 'contact.merge', survivor.id, source, at, {
      primaryObjectId: survivor.id,
      mergedObjectIds: [mergedId],
      newObjectId: survivor.id,
      numberOfPropertiesMoved: moved,
    });
  }

  /** Resolves once every queued event has been delivered or given up on. */
  idle(): Promise<void> {
    if (this.#queue.length === 0 && this.#inFlight === 0 && this.#timer === undefined)
      return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #push(
    type: ObjectTypeName,
    subscriptionType: string,
    objectId: number,
    source: WriteSource,
    at: number,
    extra: Partial<WebhookEvent>,
  ): void {
    const config = this.#config;
    if (config === undefined || type !== 'contacts') return;
    this.#queue.push({
      eventId: this.#nextEventId++,
      subscriptionId: SUBSCRIPTIONS[subscriptionType]!,
      portalId: SANDBOX_PORTAL_ID,
      appId: config.appId,
      occurredAt: at,
      subscriptionType,
      attemptNumber: 0,
      objectId,
      changeSource: source.changeSource,
      ...(source.sourceId === undefined ? {} : { sourceId: source.sourceId }),
      ...extra,
    });
    if (this.#queue.length >= BATCH_SIZE) this.#flush();
    else this.#timer ??= setTimeout(() => this.#flush(), config.debounceMs).unref();
  }

  #flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const config = this.#config;
    while (config !== undefined && this.#queue.length > 0)
      void this.#deliver(config, this.#queue.splice(0, BATCH_SIZE), 0);
    this.#settle();
  }

  async #deliver(
    config: WebhookConfig,
    events: WebhookEvent[],
    attemptNumber: number,
  ): Promise<void> {
    this.#inFlight += 1;
    const body = JSON.stringify(events.map((event) => ({ ...event, attemptNumber })));
    const timestamp = String(this.#clock.nowMs());
    let status: number | null = null;
    let failure: string | undefined;
    try {
      const response = await fetch(config.targetUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/)',
          'X-HubSpot-Signature-v3': signV3(
            config.clientSecret,
            'POST',
            config.targetUrl,
            body,
            timestamp,
          ),
          'X-HubSpot-Request-Timestamp': timestamp,
          'X-HubSpot-Signature': signV1(config.clientSecret, body),
          'X-HubSpot-Signature-Version': 'v1',
        },
        body,
        signal: AbortSignal.timeout(5_000),
      });
      status = response.status;
      await response.arrayBuffer();
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    this.deliveries.push({
      at: new Date(this.#clock.nowMs()).toISOString(),
      attemptNumber,
      events: events.length,
      status,
      ...(failure === undefined ? {} : { error: failure }),
    });
    if (this.deliveries.length > 500) this.deliveries.splice(0, this.deliveries.length - 500);
    const delivered = status !== null && status >= 200 && status < 300;
    if (!delivered && attemptNumber + 1 < config.maxAttempts && this.#config === config) {
      this.#inFlight += 1;
      setTimeout(
        () => {
          this.#inFlight -= 1;
          if (this.#config === config) void this.#deliver(config, events, attemptNumber + 1);
          else this.#settle();
        },
        config.retryDelayMs * (attemptNumber + 1),
      ).unref();
    }
    this.#inFlight -= 1;
    this.#settle();
  }

  #settle(): void {
    if (this.#queue.length > 0 || this.#inFlight > 0 || this.#timer !== undefined) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }
}
