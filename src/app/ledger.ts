/**
 * Tamper evidence as use cases: verify one contract's ledger (anyone who may read the contract;
 * the web's "ledger verified" mark), or every ledger and the audit chain (system and administrators;
 * `npx concordat verify`).
 */

import { verifyLedgers, type VerifyReport } from '../storage/ledger/verify.ts';
import type { Scope } from './scope.ts';

export interface ContractLedgerCheck extends VerifyReport {
  readonly contractId: string;
  readonly reference: string;
  readonly checkedAt: string;
}

export async function verifyContractLedger(ctx: Scope, idOrReference: string): Promise<ContractLedgerCheck> {
  const contract = await ctx.contract(idOrReference);
  const report = await verifyLedgers(ctx.db, { contractId: contract.id });
  return { ...report, contractId: contract.id, reference: contract.reference, checkedAt: ctx.clock.now().toISOString() };
}

export async function verifyEverything(ctx: Scope): Promise<VerifyReport & { readonly checkedAt: string }> {
  await ctx.require('ledger.verify_all');
  return { ...(await verifyLedgers(ctx.db)), checkedAt: ctx.clock.now().toISOString() };
}
