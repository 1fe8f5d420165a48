import { describe, expect, it } from 'vitest';

import { Random } from './random.js';

const draw = (random: Random) => Array.from({ length: 5 }, () => random.int(0, 1_000_000));

describe('Random', () => {
  it('yields the same sequence for the same seed', () => {
    expect(draw(new Random(42))).toStrictEqual(draw(new Random(42)));
  });

  it('yields another sequence for another seed', () => {
    expect(draw(new Random(42))).not.toStrictEqual(draw(new Random(43)));
  });

  it('forks the same stream for the same label whatever was drawn before', () => {
    const used = new Random(7);
    draw(used);
    expect(draw(used.fork('createOrganization'))).toStrictEqual(
      draw(new Random(7).fork('createOrganization')),
    );
  });

  it('keeps int within its inclusive bounds', () => {
    const random = new Random(1);
    const values = new Set(Array.from({ length: 200 }, () => random.int(3, 5)));
    expect([...values].sort()).toStrictEqual([3, 4, 5]);
  });
});
