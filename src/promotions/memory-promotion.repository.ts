import { UndoableStore } from '../database/undo-log.js';
import { codeKey, invalidityOf, type Promotion, type PromotionPatch, patched } from './promotion.js';
import type {
  Claim,
  ClaimOutcome,
  DeleteOutcome,
  PromotionRepository,
  Redemption,
  SaveOutcome,
} from './promotion.repository.js';

/**
 * Every method checks and writes with no await in between, so it is one step (Node switches
 * requests only at an await). Undo steps act on the stored objects as they are when replayed,
 * and an update never touches `uses`, so undoing one write never loses another made meanwhile.
 */
export class MemoryPromotionRepository extends UndoableStore implements PromotionRepository {
  private readonly byId = new Map<string, Promotion>();
  /** `promotionId userId` → uses claimed and not given back. */
  private readonly customerCounts = new Map<string, number>();
  private readonly redemptions = new Map<string, Redemption>();

  async list(): Promise<Promotion[]> {
    return [...this.byId.values()].map((p) => ({ ...p }));
  }

  async findById(id: string): Promise<Promotion | null> {
    const p = this.byId.get(id);
    return p ? { ...p } : null;
  }

  async findByCode(code: string): Promise<Promotion | null> {
    const p = this.withCode(code);
    return p ? { ...p } : null;
  }

  async insert(promotion: Promotion): Promise<SaveOutcome> {
    // Judged before the code, as in PostgreSQL, where the unique index speaks only at the write.
    const invalid = invalidityOf(promotion);
    if (invalid) return { ok: false, reason: invalid };
    if (this.withCode(promotion.code)) return { ok: false, reason: 'CODE_TAKEN' };
    // An id is never reused: PostgreSQL's primary key refuses it (after the code's index), the same way.
    if (this.byId.has(promotion.id)) throw new Error(`promotion ${promotion.id} exists`);
    this.byId.set(promotion.id, { ...promotion });
    this.undo.record(() => this.byId.delete(promotion.id));
    return { ok: true, promotion: { ...promotion } };
  }

  async update(id: string, patch: PromotionPatch): Promise<SaveOutcome> {
    const stored = this.byId.get(id);
    if (!stored) return { ok: false, reason: 'NOT_FOUND' };
    const next = patched(stored, patch);
    const invalid = invalidityOf(next);
    if (invalid) return { ok: false, reason: invalid };
    if (this.withCode(next.code, id)) return { ok: false, reason: 'CODE_TAKEN' };
    const { uses: _usesBefore, ...before } = stored;
    const { uses: _uses, ...fields } = next;
    Object.assign(stored, fields);
    this.undo.record(() => Object.assign(this.byId.get(id) ?? {}, before));
    return { ok: true, promotion: { ...stored } };
  }

  async delete(id: string): Promise<DeleteOutcome> {
    const stored = this.byId.get(id);
    if (!stored) return { ok: false, reason: 'NOT_FOUND' };
    for (const redemption of this.redemptions.values())
      if (redemption.promotionId === id) return { ok: false, reason: 'IN_USE' };
    this.byId.delete(id);
    this.undo.record(() => this.byId.set(id, stored));
    return { ok: true };
  }

  async customerUses(promotionId: string, userId: string): Promise<number> {
    return this.customerCounts.get(customerKey(promotionId, userId)) ?? 0;
  }

  async claim({ promotionId, userId, orderId }: Claim): Promise<ClaimOutcome> {
    const p = this.byId.get(promotionId);
    if (!p?.active) return { ok: false, reason: 'UNKNOWN' };
    if (p.maxUses !== null && p.uses >= p.maxUses) return { ok: false, reason: 'USED_UP' };
    const key = customerKey(promotionId, userId);
    const mine = this.customerCounts.get(key) ?? 0;
    if (p.maxUsesPerCustomer !== null && mine >= p.maxUsesPerCustomer)
      return { ok: false, reason: 'ALREADY_USED' };
    // As PostgreSQL's primary key: judged only when the claim would write.
    if (this.redemptions.has(orderId)) throw new Error(`order ${orderId} has already claimed a code`);
    this.count(promotionId, userId, +1);
    this.redemptions.set(orderId, { orderId, promotionId, userId, released: false });
    this.undo.record(() => {
      this.redemptions.delete(orderId);
      this.count(promotionId, userId, -1);
    });
    return { ok: true };
  }

  async release(orderId: string): Promise<boolean> {
    const redemption = this.redemptions.get(orderId);
    if (!redemption || redemption.released) return false;
    redemption.released = true;
    this.count(redemption.promotionId, redemption.userId, -1);
    this.undo.record(() => {
      redemption.released = false;
      this.count(redemption.promotionId, redemption.userId, +1);
    });
    return true;
  }

  async redemptionOf(orderId: string): Promise<Redemption | null> {
    const redemption = this.redemptions.get(orderId);
    return redemption ? { ...redemption } : null;
  }

  /** Moves the promotion's and the customer's counts together. */
  private count(promotionId: string, userId: string, by: 1 | -1): void {
    const p = this.byId.get(promotionId);
    if (p) p.uses += by;
    const key = customerKey(promotionId, userId);
    this.customerCounts.set(key, (this.customerCounts.get(key) ?? 0) + by);
  }

  private withCode(code: string, exceptId?: string): Promotion | undefined {
    const key = codeKey(code);
    for (const p of this.byId.values()) if (p.id !== exceptId && codeKey(p.code) === key) return p;
    return undefined;
  }
}

const customerKey = (promotionId: string, userId: string): string => `${promotionId} ${userId}`;
