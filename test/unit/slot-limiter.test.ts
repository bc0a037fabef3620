import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSlotLimiter } from '../../src-main/core/sync/slot-limiter.ts';

describe('shared SNE slots', () => {
  it('never runs more tasks than its capacity, and runs them all (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.nat(3), { maxLength: 30 }),
        async (capacity, ticks) => {
          const slots = createSlotLimiter(capacity);
          let running = 0;
          let peak = 0;
          const results = await Promise.all(
            ticks.map((t, i) =>
              slots.run(async () => {
                running++;
                peak = Math.max(peak, running);
                for (let k = 0; k < t; k++) await Promise.resolve();
                running--;
                return i;
              }),
            ),
          );
          expect(peak).toBeLessThanOrEqual(capacity);
          expect(results).toEqual(ticks.map((_, i) => i));
          expect(slots.inFlight).toBe(0);
        },
      ),
    );
  });

  it('starts waiting tasks in arrival order and frees a slot when a task fails', async () => {
    const slots = createSlotLimiter(1);
    const order: string[] = [];
    const failing = slots.run(() => Promise.reject(new Error('SNE down')));
    const a = slots.run(() => Promise.resolve(void order.push('a')));
    const b = slots.run(() => Promise.resolve(void order.push('b')));
    await expect(failing).rejects.toThrow('SNE down');
    await Promise.all([a, b]);
    expect(order).toEqual(['a', 'b']);
  });

  it('drops an aborted waiter without running it', async () => {
    const slots = createSlotLimiter(1);
    let release = (): void => undefined;
    const held = slots.run(() => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    let ran = false;
    const waiting = slots.run(() => Promise.resolve(void (ran = true)), controller.signal);
    controller.abort(new Error('annulé'));
    await expect(waiting).rejects.toThrow('annulé');
    release();
    await held;
    expect(ran).toBe(false);
    expect(slots.inFlight).toBe(0);
  });
});
