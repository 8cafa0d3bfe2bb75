import { describe, expect, it } from 'vitest';
import { TrainerEmitter } from '../src/index.js';

describe('TrainerEmitter', () => {
  it('hands every listener the same payload (no copy) and unsubscribes', () => {
    const emitter = new TrainerEmitter();
    const seen: unknown[] = [];
    emitter.on('probeEnd', (p) => seen.push(p));
    const off = emitter.on('probeEnd', (p) => seen.push(p));
    const payload = { epoch: 3, batches: 12, stopReason: 'count' as const };
    emitter.emit('probeEnd', payload);
    off();
    emitter.emit('probeEnd', { epoch: 4, batches: 12, stopReason: 'count' });
    expect(seen).toHaveLength(3);
    expect(seen[0]).toBe(payload);
    expect(seen[1]).toBe(payload);
  });

  it('keeps calling other listeners when one throws and records the first failure', () => {
    const emitter = new TrainerEmitter();
    let called = 0;
    emitter.on('runEnd', () => {
      throw new Error('boom');
    });
    emitter.on('runEnd', () => called++);
    emitter.emit('runEnd', { status: 'completed', epochsCompleted: 1 });
    expect(called).toBe(1);
    expect(emitter.failure?.code).toBe('LISTENER_FAILED');
    expect(emitter.failure?.message).toBe("a 'runEnd' listener threw: boom");
  });
});
