// autocannon ships no types; the benchmark uses only these fields of its result.
declare module 'autocannon' {
  interface Options { url: string; connections?: number; duration?: number;
    /** Requests per second across all connections (0: as fast as the server answers). */
    overallRate?: number; headers?: Record<string, string> }
  interface Result { requests: { average: number }; latency: { p99: number }; non2xx: number }
  export default function autocannon(options: Options): Promise<Result>;
}
