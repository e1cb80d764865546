// The injected clocks: FakeClock's ordering rules (every fake-time test relies on them) and the real clock.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../mavlink/protocols/fake-clock';

describe('clocks', () => {
  it('FakeClock fires due timers in time order, including ones scheduled by callbacks, reading each due time', () => {
    const clock = new FakeClock(100);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now_ms()}`), 20);
    const h = clock.setTimeout(() => fired.push('never'), 15);
    clock.setTimeout(() => {
      fired.push(`a@${clock.now_ms()}`);
      clock.setTimeout(() => fired.push(`c@${clock.now_ms()}`), 5);
    }, 10);
    clock.clearTimeout(h);
    clock.advance(14);
    expect(fired).toEqual(['a@110']);
    clock.advance(100);
    expect(fired).toEqual(['a@110', 'c@115', 'b@120']);
    expect(clock.now_ms()).toBe(214);
    expect(() => clock.advance(-1)).toThrow(/ms must be >= 0/);
  });

  it('realClock runs and clears Node timers', async () => {
    const { realClock } = await import('../../mavlink/protocols/env');
    const t0 = realClock.now_ms();
    let cleared = false;
    const h = realClock.setTimeout(() => { cleared = true; }, 5);
    realClock.clearTimeout(h);
    await new Promise<void>((resolve) => realClock.setTimeout(resolve, 20));
    expect(cleared).toBe(false);
    expect(realClock.now_ms() - t0).toBeGreaterThanOrEqual(19);
  });
});
