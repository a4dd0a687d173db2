/**
 * Progress of a long build on standard error: a redrawn bar in a terminal, plain lines (every 10%)
 * where output is a log (CI, a pipe). Nothing appears for builds that finish within `delayMs`, so asking
 * the small shipped corpus stays quiet.
 */
export interface Progress {
  /** `done` of `total` units finished. */
  update(done: number): void;
  /** The work is finished (or abandoned): ends the bar's line if one was drawn. */
  finish(): void;
}

export interface ProgressOptions {
  stream?: NodeJS.WriteStream;
  /** Plain lines instead of a bar; default: when the stream is not a terminal or `CI` is set. */
  plain?: boolean;
  delayMs?: number;
  now?: () => number;
}

const BAR_WIDTH = 30;

export function progress(label: string, total: number, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const plain = options.plain ?? (!stream.isTTY || Boolean(process.env.CI));
  const now = options.now ?? (() => performance.now());
  const delayMs = options.delayMs ?? 1000;
  const started = now();
  let drawn = false;
  let lastTenth = -1;
  let lastDraw = 0;

  const line = (done: number) => {
    const share = total > 0 ? Math.min(1, done / total) : 1;
    const seconds = (now() - started) / 1000;
    const eta = share > 0 && share < 1 ? `, about ${Math.ceil((seconds / share) * (1 - share))} s left` : '';
    return {
      share,
      text: `${label}: ${done.toLocaleString('en')} of ${total.toLocaleString('en')} (${Math.floor(share * 100)}%), ${seconds.toFixed(1)} s${eta}`,
    };
  };

  return {
    update(done) {
      const t = now();
      if (t - started < delayMs) return;
      const { share, text } = line(done);
      if (plain) {
        const tenth = Math.floor(share * 10);
        if (tenth === lastTenth) return;
        lastTenth = tenth;
        stream.write(`${text}\n`);
        drawn = true;
        return;
      }
      if (t - lastDraw < 100 && share < 1) return;
      lastDraw = t;
      const filled = Math.round(share * BAR_WIDTH);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${text}\x1b[K`);
      drawn = true;
    },
    finish() {
      if (drawn && !plain) stream.write('\n');
    },
  };
}
