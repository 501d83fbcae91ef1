import * as assert from 'assert';
import { createClock } from '../../sandbox/clock';

describe('sandbox: controllable clock', () => {
  let wall = 1_000_000;
  const clock = () => createClock(() => wall);
  beforeEach(() => {
    wall = 1_000_000;
  });

  it('starts at wall-clock time and flows with it', () => {
    const c = clock();
    assert.strictEqual(c.now(), 1_000_000);
    wall += 500;
    assert.strictEqual(c.now(), 1_000_500);
  });

  it('advance() and set() shift time and keep it flowing', () => {
    const c = clock();
    c.advance(60_000);
    assert.strictEqual(c.now(), 1_060_000);
    c.set(5_000);
    assert.strictEqual(c.now(), 5_000);
    wall += 10;
    assert.strictEqual(c.now(), 5_010);
  });

  it('freeze() stops time until resume(), and advance() still works while frozen', () => {
    const c = clock();
    c.freeze();
    wall += 1_000;
    assert.strictEqual(c.now(), 1_000_000);
    c.advance(250);
    assert.strictEqual(c.now(), 1_000_250);
    assert.strictEqual(c.frozen, true);
    c.resume();
    assert.strictEqual(c.now(), 1_000_250);
    wall += 5;
    assert.strictEqual(c.now(), 1_000_255);
  });

  it('rejects non-finite values', () => {
    const c = clock();
    assert.throws(() => c.advance(Number.NaN), /finite/);
    assert.throws(() => c.set(Infinity), /finite/);
  });
});
