// How commands print: one JSON object on stdout with --json, otherwise aligned "key: value" lines.

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printFields(fields: Record<string, unknown>): void {
  const width = Math.max(...Object.keys(fields).map((k) => k.length));
  for (const [key, value] of Object.entries(fields)) {
    process.stdout.write(`${key.padEnd(width)}  ${formatValue(value, key)}\n`);
  }
}

/** Latitude/longitude keep 7 decimals (about 1 cm); other fractions 3. */
function formatValue(value: unknown, key = ''): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return String(value);
    return value.toFixed(/(^|_)(lat|lon)(_deg)?$/.test(key) ? 7 : 3);
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Resolves on SIGINT/SIGTERM or after `seconds` (if given), whichever comes first. */
export function untilStopped(seconds?: number): Promise<'signal' | 'duration'> {
  return new Promise((resolve) => {
    const finish = (why: 'signal' | 'duration') => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (timer) clearTimeout(timer);
      resolve(why);
    };
    const onSignal = () => finish('signal');
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const timer = seconds !== undefined ? setTimeout(() => finish('duration'), seconds * 1000) : undefined;
  });
}
