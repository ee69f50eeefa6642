import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runTransform } from './test-run-transform.js';

describe('runTransform', () => {
  it('collects what the transform enqueues, flush included, in order', async () => {
    const double = new TransformStream<number, string>({
      transform(n, controller) {
        controller.enqueue(`${n}`);
        controller.enqueue(`${n * 2}`);
      },
      flush(controller) {
        controller.enqueue('end');
      },
    });
    assert.deepEqual(await runTransform(double, [1, 2]), ['1', '2', '2', '4', 'end']);
  });

  it('does not stall on more output than the readable side buffers', async () => {
    const many = new TransformStream<number, number>({
      transform(n, controller) {
        for (let i = 0; i < 100; i++) controller.enqueue(n);
      },
    });
    assert.equal((await runTransform(many, Array.from({ length: 50 }, (_, i) => i))).length, 5000);
  });
});
