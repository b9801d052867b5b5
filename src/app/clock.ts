/** Time is passed in, so tests can fix it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(iso: string): Clock {
  return { now: () => new Date(iso) };
}

export function today(clock: Clock): string {
  return clock.now().toISOString().slice(0, 10);
}
