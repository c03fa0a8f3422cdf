// Bolt logs through @slack/logger; route it into our pino logger so redaction applies to it too.
// The same @slack/logger types come from @slack/web-api, not Bolt: the worker's WebClient uses this
// too, and the worker and poller bundles must not load Bolt at start-up just for an enum.
import { LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from '../logger';

const LEVELS: Record<LogLevel, 'debug' | 'info' | 'warn' | 'error'> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

export function toSlackLogger(logger: Logger, name = 'bolt'): SlackLogger {
  let level: LogLevel = LogLevel.INFO;
  const log = logger.child({ component: name });
  const write =
    (at: 'debug' | 'info' | 'warn' | 'error') =>
    (...msg: unknown[]) =>
      log[at](msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' '));
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (next) => {
      level = next;
      log.level = LEVELS[next];
    },
    getLevel: () => level,
    setName: () => {},
  };
}
