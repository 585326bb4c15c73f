import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SaveQueue, Serial } from '../../../src/ui/lib/save-queue.ts';

describe('Serial', () => {
  it('runs tasks in the order given, each after the last settled, a failure failing its caller only', async () => {
    const serial = new Serial();
    const log: string[] = [];
    const slow = serial.run(async () => {
      log.push('start-up begins');
      await new Promise((r) => setTimeout(r, 20));
      log.push('start-up ends');
    });
    const failing = serial.run(async () => {
      log.push('import');
      throw new Error('bad zip');
    });
    const after = serial.run(async () => {
      log.push('switch');
      return 7;
    });
    await slow;
    await expect(failing).rejects.toThrow('bad zip');
    expect(await after).toBe(7);
    expect(log).toEqual(['start-up begins', 'start-up ends', 'import', 'switch']);
  });
});

describe('SaveQueue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves once, the pause after the last of several edits', async () => {
    const save = vi.fn(async () => {});
    const q = new SaveQueue(save, { delay: 300, retry: [1000] });
    q.schedule();
    await vi.advanceTimersByTimeAsync(200);
    q.schedule();
    await vi.advanceTimersByTimeAsync(200);
    expect(save, 'saves 400 ms after the first edit, 200 ms after the second').toHaveBeenCalledTimes(0);
    expect(q.state).toBe('waiting');
    await vi.advanceTimersByTimeAsync(100);
    expect(save).toHaveBeenCalledTimes(1);
    expect(q.state).toBe('idle');
  });

  it('never runs two saves at once: an edit during a save gets one more save after it', async () => {
    let running = 0;
    let most = 0;
    let release!: () => void;
    const save = vi.fn(async () => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((r) => (release = r));
      running--;
    });
    const q = new SaveQueue(save, { delay: 10, retry: [1000] });
    q.schedule();
    await vi.advanceTimersByTimeAsync(10);
    expect(q.state).toBe('saving');
    q.schedule();
    const flushed = q.flush();
    release();
    await vi.advanceTimersByTimeAsync(0);
    release();
    await flushed;
    expect(save, 'saves').toHaveBeenCalledTimes(2);
    expect(most, 'saves at once').toBe(1);
  });

  it('a refused save is tried again after the pauses, at once on retry(), and its error is kept until one succeeds', async () => {
    let full = true;
    const save = vi.fn(async () => {
      if (full) throw Object.assign(new Error('quota'), { code: 'STORE_QUOTA' });
    });
    const q = new SaveQueue(save, { delay: 10, retry: [1000, 5000] });
    q.schedule();
    await vi.advanceTimersByTimeAsync(10);
    expect(q.state).toBe('failed');
    expect((q.error as Error).message).toBe('quota');
    await vi.advanceTimersByTimeAsync(1000);
    expect(save, 'after the first pause').toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(4000);
    expect(save, 'the second pause is longer').toHaveBeenCalledTimes(2);
    full = false;
    q.retry();
    await vi.advanceTimersByTimeAsync(0);
    expect(save, 'retry() tries at once').toHaveBeenCalledTimes(3);
    expect(q.state).toBe('idle');
    expect(q.error).toBeUndefined();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(save, 'no more tries once saved').toHaveBeenCalledTimes(3);
  });

  it('flush() saves what waits now and rejects with the save error', async () => {
    const save = vi.fn(async () => {
      throw new Error('refused');
    });
    const q = new SaveQueue(save, { delay: 300, retry: [1000] });
    await q.flush();
    expect(save, 'flush() with nothing to save').toHaveBeenCalledTimes(0);
    q.schedule();
    await expect(q.flush()).rejects.toThrow('refused');
    expect(save).toHaveBeenCalledTimes(1);
    q.dispose();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(save, 'no try after dispose()').toHaveBeenCalledTimes(1);
  });
});
