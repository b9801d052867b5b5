/**
 * The WebAssembly pricing kernel (assembly/kernel.ts) as ChunkPricer uses it: one instance per pricer,
 * with its own linear memory, in which the pricer keeps every table the kernel reads or adds to
 * (code tables, prices, the period index, the group tables and the period x point of delivery sums).
 *
 * Memory is handed out by a bump allocator and never reused: tables that grow are given new space
 * (the old is abandoned, so the total stays under twice the largest size). Growing the memory detaches
 * every view of it, so the pricer makes its views again after each allocation ({@link KernelMemory.generation}).
 *
 * Set CONCORDAT_PRICING_KERNEL=js to price with ChunkPricer's own loop only (the property test runs
 * both ways).
 */
import { KERNEL_WASM_BASE64 } from './assembly/kernel-binary.ts';

/** Word offsets of the kernel's configuration block (byte offsets / 4 in assembly/kernel.ts). */
export const CFG = {
  provSlots: 0,
  provShift: 1,
  provMask: 2,
  commSlots: 3,
  commShift: 4,
  commMask: 5,
  hrgSlots: 6,
  hrgShift: 7,
  hrgMask: 8,
  tfcSlots: 9,
  tfcShift: 10,
  tfcMask: 11,
  provMff: 12,
  firstPrice: 13,
  followPrice: 14,
  dcPrice: 15,
  elPrice: 16,
  nelPrice: 17,
  elTrim: 18,
  nelTrim: 19,
  perDay: 20,
  opProc: 21,
  periodIds: 22,
  dense: 23,
  denseCommCap: 24,
  densePerCap: 25,
  denseOn: 26,
  gSlots: 27,
  gMask: 28,
  gProv: 29,
  gComm: 30,
  gPer: 31,
  gAcc: 32,
  gCount: 33,
  gCapacity: 34,
  podAcc: 35,
  scoped: 36,
  scopePeriod: 37,
  tolerant: 38,
  maxLine: 39,
  hintRoom: 40,
  outLines: 41,
  outRows: 42,
  outPriced: 43,
  /** f64 index (byte 176 / 8) of the six hint counts. */
  outHintsF64: 22,
  // For files in any column order (runAnyOrder).
  ncols: 56,
  cProv: 57,
  cComm: 58,
  cPer: 59,
  cPod: 60,
  cHrg: 61,
  cTfc: 62,
  cLos: 63,
  cAge: 64,
  cAdm: 65,
  cBpt: 66,
  fields: 67,
  ssemPrice: 68,
  ssemMinAge: 69,
  ssemMaxLos: 70,
  /** f64 index (byte 288 / 8) of the hip fracture top-up. */
  bptTopUpF64: 36,
  emergencyCount: 74,
  /** [length, packed bytes] per emergency admission method, at most {@link MAX_EMERGENCY_CODES}. */
  emergencyCodes: 75,
} as const;
const CFG_BYTES = 512;
/** Emergency admission methods the kernel can hold; with more, files with that column use the loop. */
export const MAX_EMERGENCY_CODES = 16;

/** The kernel's hint bits, in its order (HINT_* in assembly/kernel.ts). */
export const KERNEL_HINTS = ['los_over_365', 'outpatient_with_los', 'day_case_with_los', 'zero_los_elective', 'outpatient_with_hrg', 'admitted_with_tfc'] as const;

const PAGE = 65536;
/** Below this the module's own data (it has none beyond its stack-free code) and a margin. */
const FIRST_FREE = 4096;

let compiled: WebAssembly.Module | null | undefined;

/** The compiled kernel, once per thread; null when turned off or when this runtime cannot run it. */
export function pricingKernel(): WebAssembly.Module | null {
  if (compiled === undefined) {
    if (process.env.CONCORDAT_PRICING_KERNEL === 'js') compiled = null;
    else {
      try {
        compiled = new WebAssembly.Module(Buffer.from(KERNEL_WASM_BASE64, 'base64'));
      } catch {
        compiled = null;
      }
    }
  }
  return compiled;
}

export class KernelMemory {
  /** For files in the v1 column order. */
  readonly run: (cfg: number, pos: number, end: number) => number;
  /** For files in any other column order. */
  readonly runAnyOrder: (cfg: number, pos: number, end: number) => number;
  private readonly memory: WebAssembly.Memory;
  private top = FIRST_FREE;
  /** Raised whenever the memory grew: views made before are detached. */
  generation = 0;
  /** The configuration block (32-bit words), and the same bytes as doubles. */
  cfg!: Int32Array;
  cfgF64!: Float64Array;
  readonly cfgPtr: number;

  constructor(module: WebAssembly.Module, initialBytes: number) {
    this.memory = new WebAssembly.Memory({ initial: Math.ceil((FIRST_FREE + initialBytes) / PAGE) + 1 });
    const instance = new WebAssembly.Instance(module, { env: { memory: this.memory } });
    this.run = instance.exports.run as (cfg: number, pos: number, end: number) => number;
    this.runAnyOrder = instance.exports.runAnyOrder as (cfg: number, pos: number, end: number) => number;
    this.cfgPtr = this.alloc(CFG_BYTES);
    this.bindCfg();
  }

  private bindCfg(): void {
    this.cfg = new Int32Array(this.memory.buffer, this.cfgPtr, CFG_BYTES >> 2);
    this.cfgF64 = new Float64Array(this.memory.buffer, this.cfgPtr, CFG_BYTES >> 3);
  }

  /** A zeroed, 16-byte aligned region of `bytes`; grows the memory when needed (see generation). */
  alloc(bytes: number): number {
    const at = (this.top + 15) & ~15;
    const end = at + bytes + 16; // the kernel may read a few bytes past a line's end
    if (end > this.memory.buffer.byteLength) {
      const current = this.memory.buffer.byteLength;
      this.memory.grow(Math.ceil((Math.max(end, current * 1.5) - current) / PAGE));
      this.generation++;
      this.bindCfg();
    }
    this.top = end;
    return at;
  }

  i32(ptr: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, length);
  }

  f64(ptr: number, length: number): Float64Array {
    return new Float64Array(this.memory.buffer, ptr, length);
  }

  u8(ptr: number, length: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, ptr, length);
  }
}
