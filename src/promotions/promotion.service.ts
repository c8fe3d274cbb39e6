import type { Clock } from '../shared/clock.js';
import { Errors } from '../shared/error-catalog.js';
import type { AppError } from '../shared/errors.js';
import type { IdGenerator } from '../shared/ids.js';
import { formatEurosFr } from '../shared/money.js';
import { type Promotion, type PromotionPatch, type PromotionRefusal, refusalOf } from './promotion.js';
import type { PromotionRepository, SaveOutcome } from './promotion.repository.js';

export type NewPromotion = Omit<Promotion, 'id' | 'uses' | 'createdAt'>;

interface PromotionDeps {
  promotions: PromotionRepository;
  ids: IdGenerator;
  clock: Clock;
}

/** The catalogue entry of a refusal, the minimum in euros as a French reader writes them. */
export function refusalError(refusal: PromotionRefusal): AppError {
  switch (refusal.reason) {
    case 'UNKNOWN':
      return Errors.promoUnknown();
    case 'NOT_YET_VALID':
      return Errors.promoNotYetValid();
    case 'EXPIRED':
      return Errors.promoExpired();
    case 'USED_UP':
      return Errors.promoUsedUp();
    case 'ALREADY_USED':
      return Errors.promoAlreadyUsed();
    case 'MINIMUM_NOT_REACHED':
      return Errors.promoMinimumNotReached({ amount: formatEurosFr(refusal.minimumCents) });
  }
}

/** Every refusal a code may get from the cart or the checkout, for their routes' `config.errors`. */
export const PROMO_REFUSALS = [
  Errors.promoUnknown,
  Errors.promoNotYetValid,
  Errors.promoExpired,
  Errors.promoMinimumNotReached,
  Errors.promoUsedUp,
  Errors.promoAlreadyUsed,
] as const;

function savedOrThrow(outcome: SaveOutcome): Promotion {
  if (outcome.ok) return outcome.promotion;
  switch (outcome.reason) {
    case 'NOT_FOUND':
      throw Errors.promotionNotFound();
    case 'CODE_TAKEN':
      throw Errors.promotionCodeTaken();
    case 'INVALID_VALUE':
      throw Errors.promotionValueInvalid();
    case 'INVALID_DATES':
      throw Errors.promotionDatesInvalid();
  }
}

/** What a code does for one customer's subtotal right now. */
export interface Evaluation {
  /** The promotion the code names, whether it applies or not; null when no promotion has it. */
  promotion: Promotion | null;
  /** Null when it applies. */
  refusal: PromotionRefusal | null;
}

export class PromotionService {
  constructor(private readonly deps: PromotionDeps) {}

  list(): Promise<Promotion[]> {
    return this.deps.promotions.list();
  }

  async create(input: NewPromotion): Promise<Promotion> {
    const promotion: Promotion = {
      ...input,
      id: this.deps.ids.uuid(),
      uses: 0,
      createdAt: this.deps.clock.now(),
    };
    return savedOrThrow(await this.deps.promotions.insert(promotion));
  }

  async update(id: string, patch: PromotionPatch): Promise<Promotion> {
    return savedOrThrow(await this.deps.promotions.update(id, patch));
  }

  async delete(id: string): Promise<void> {
    const outcome = await this.deps.promotions.delete(id);
    if (outcome.ok) return;
    throw outcome.reason === 'NOT_FOUND' ? Errors.promotionNotFound() : Errors.promotionInUse();
  }

  /**
   * Judges `code` (any case) for this customer and subtotal (before any discount) at the
   * app's clock: the cart shows a code that stopped applying with its reason, never keeps it
   * silently. The checkout judges again, then claims the use (`PromotionRepository.claim`).
   */
  async evaluate(code: string, userId: string, subtotalCents: number): Promise<Evaluation> {
    const promotion = await this.deps.promotions.findByCode(code);
    const customerUses = promotion ? await this.deps.promotions.customerUses(promotion.id, userId) : 0;
    const refusal = refusalOf(promotion, { now: this.deps.clock.now(), subtotalCents, customerUses });
    return { promotion, refusal };
  }

  /** The promotion `code` names when it applies now; otherwise its refusal, thrown (400). */
  async applicable(code: string, userId: string, subtotalCents: number): Promise<Promotion> {
    const { promotion, refusal } = await this.evaluate(code, userId, subtotalCents);
    if (refusal) throw refusalError(refusal);
    if (!promotion) throw Errors.promoUnknown();
    return promotion;
  }
}
