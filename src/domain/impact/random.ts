/**
 * A seeded pseudo-random generator: xoshiro128** seeded by splitmix32. Each Monte Carlo trial gets
 * its own stream derived from (seed, trial index), so results are bit-identical however trials are
 * split across workers. Pure: the caller passes the seed; nothing reads the clock.
 */

function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

export interface Random {
  /** Uniform on [0, 1). */
  next(): number;
}

export class Xoshiro128 implements Random {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(seed: number, stream = 0) {
    this.reseed(seed, stream);
  }

  /** Restarts the generator on stream `stream` of `seed` (no allocation). */
  reseed(seed: number, stream: number): void {
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4_294_967_296) >>> 0;
    let h = splitmix32(lo ^ splitmix32(hi ^ 0x5bd1e995));
    h = splitmix32(h ^ splitmix32(stream >>> 0) ^ Math.imul(Math.floor(stream / 4_294_967_296) >>> 0, 0x85ebca6b));
    this.a = h = splitmix32(h);
    this.b = h = splitmix32(h);
    this.c = h = splitmix32(h);
    this.d = h = splitmix32(h);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  next(): number {
    return this.nextUint32() / 4_294_967_296;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A generator for stream `stream` of `seed`. */
export function createRandom(seed: number, stream = 0): Xoshiro128 {
  return new Xoshiro128(seed, stream);
}
