import winston from 'winston';
import { env, SECRET_ENV_NAMES } from '../config/env.ts';
import { redact, registerSecrets } from './redact.ts';

/**
 * One narrow logger (STYLE.md §9): `logger('connector.hubspot').info('pulled page', {count})`.
 * Fields, not string-built messages; every record passes through redaction. JSON when stdout
 * is not a terminal or LOG_FORMAT=json, readable lines otherwise.
 */
export type Logger = Pick<winston.Logger, 'error' | 'warn' | 'info' | 'debug'>;

const redactFormat = winston.format((info) => {
  const redacted = redact({ ...info }) as Record<string | symbol, unknown>;
  for (const key of Object.keys(info)) info[key] = redacted[key];
  return info;
});

function buildRoot(): winston.Logger {
  const settings = env();
  registerSecrets(SECRET_ENV_NAMES.map((name) => settings[name]));
  const json =
    settings.LOG_FORMAT === 'json' || (settings.LOG_FORMAT === undefined && !process.stderr.isTTY);
  const readable = winston.format.printf(({ level, message, timestamp, module, ...rest }) => {
    const fields = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
    return `${String(timestamp)} ${level} [${String(module ?? 'leadloop')}] ${String(message)}${fields}`;
  });
  return winston.createLogger({
    level: settings.LOG_LEVEL,
    format: winston.format.combine(
      redactFormat(),
      winston.format.timestamp(),
      json ? winston.format.json() : winston.format.combine(winston.format.colorize(), readable),
    ),
    // Logs go to stderr so that CLI output on stdout stays machine-readable.
    transports: [
      new winston.transports.Console({
        stderrLevels: ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'],
      }),
    ],
  });
}

let root: winston.Logger | undefined;

/**
 * A module's logger. Built on first use, not when the module loads: building reads the
 * environment (LOG_LEVEL, secrets to redact), which a CLI or test may set after importing.
 */
export function logger(module: string): Logger {
  let child: winston.Logger | undefined;
  const resolve = () => {
    root ??= buildRoot();
    child ??= root.child({ module });
    return child;
  };
  return {
    error: ((...args: Parameters<Logger['error']>) => resolve().error(...args)) as Logger['error'],
    warn: ((...args: Parameters<Logger['warn']>) => resolve().warn(...args)) as Logger['warn'],
    info: ((...args: Parameters<Logger['info']>) => resolve().info(...args)) as Logger['info'],
    debug: ((...args: Parameters<Logger['debug']>) => resolve().debug(...args)) as Logger['debug'],
  };
}

/** Test seam: route every log record to another transport (e.g. an in-memory stream). */
export function setLogTransport(transport: winston.transport): void {
  root ??= buildRoot();
  root.clear();
  root.add(transport);
}
