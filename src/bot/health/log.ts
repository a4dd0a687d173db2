/** Structured logs: one JSON object per line, with every secret replaced before it is written. */
export type LogLevel = 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
}

/** `base` goes into every line (a shard process names its shard: the shards of one bot share standard output). */
export function jsonLogger(write: (line: string) => void, secrets: readonly string[] = [], base: Record<string, unknown> = {}): Logger {
  const hidden = secrets.filter((s) => s.length >= 8);
  return {
    log(level, event, fields = {}) {
      let line = JSON.stringify({ time: new Date().toISOString(), level, event, ...base, ...fields }, (_k, v) =>
        v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v,
      );
      for (const secret of hidden) line = line.split(secret).join('[redacted]');
      write(`${line}\n`);
    },
  };
}
