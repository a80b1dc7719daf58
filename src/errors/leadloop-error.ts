/**
 * Every error leadloop raises on purpose carries a stable machine code (STYLE.md §6) and a
 * hint telling the admin what to do about it. Vendor errors are translated at the connector
 * edge into one of the neutral `VendorErrorKind`s so the engine's retry policy never switches
 * on a vendor.
 */
export class LeadloopError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: string,
    message: string,
    options: { hint?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  /** The shape the CLI prints and the HTTP API answers: `{code, message, hint?}`. */
  toJSON(): { code: string; message: string; hint?: string; details?: Record<string, unknown> } {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.details === undefined ? {} : { details: { ...this.details } }),
    };
  }
}

/** Neutral error kinds a connector maps vendor failures onto (STYLE.md §5). */
export const VENDOR_ERROR_KINDS = [
  'transient',
  'rate_limited',
  'auth',
  'not_found',
  'invalid_record',
  'config',
  'conflict',
  'unknown',
] as const;
export type VendorErrorKind = (typeof VENDOR_ERROR_KINDS)[number];

export function isLeadloopError(error: unknown): error is LeadloopError {
  return error instanceof LeadloopError;
}
