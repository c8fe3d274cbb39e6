import { type Queryable, type Transactor, toDate, toMs } from '../database/db.js';
import {
  type DeleteOutcome,
  judgeDelete,
  judgeInsert,
  judgeUpdate,
  type ShippingMethod,
  type ShippingOutcome,
  type ShippingPatch,
} from './shipping.js';
import type { ShippingRepository } from './shipping.repository.js';

interface MethodRow {
  id: string;
  code: string;
  name: string;
  price_cents: number;
  free_from_cents: number | null;
  delivery_days: number;
  active: boolean;
  is_default: boolean;
  created_at: Date;
}

const toMethod = (row: MethodRow): ShippingMethod => ({
  id: row.id,
  code: row.code,
  name: row.name,
  priceCents: row.price_cents,
  freeFromCents: row.free_from_cents,
  deliveryDays: row.delivery_days,
  active: row.active,
  isDefault: row.is_default,
  createdAt: toMs(row.created_at),
});

const COLUMNS = 'id, code, name, price_cents, free_from_cents, delivery_days, active, is_default, created_at';

/**
 * Reads are single statements. Each write is a short transaction that first locks the table
 * against other writers (readers are not blocked: SHARE ROW EXCLUSIVE conflicts only with
 * writes), reads every method, judges the change with the same rules as the memory store and
 * writes it: the judgement and the write cannot be split, as in memory. Admin writes are rare,
 * so serializing them costs nothing; the partial unique index on `is_default` is the backstop.
 */
export class PgShippingRepository implements ShippingRepository {
  constructor(
    private readonly db: Queryable,
    private readonly transaction: Transactor,
  ) {}

  async list(): Promise<ShippingMethod[]> {
    return listOn(this.db);
  }

  async findById(id: string): Promise<ShippingMethod | null> {
    const { rows } = await this.db.query<MethodRow>(`SELECT ${COLUMNS} FROM shipping_methods WHERE id = $1`, [
      id,
    ]);
    return rows[0] ? toMethod(rows[0]) : null;
  }

  async findDefault(): Promise<ShippingMethod | null> {
    const { rows } = await this.db.query<MethodRow>(
      `SELECT ${COLUMNS} FROM shipping_methods WHERE is_default`,
    );
    return rows[0] ? toMethod(rows[0]) : null;
  }

  async insert(method: ShippingMethod): Promise<ShippingOutcome> {
    return this.locked(async (tx, methods) => {
      const outcome = judgeInsert(methods, method);
      if (!outcome.ok) return outcome;
      const m = outcome.method;
      if (m.isDefault) await clearDefault(tx);
      await tx.query(
        `INSERT INTO shipping_methods (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          m.id,
          m.code,
          m.name,
          m.priceCents,
          m.freeFromCents,
          m.deliveryDays,
          m.active,
          m.isDefault,
          toDate(m.createdAt),
        ],
      );
      return outcome;
    });
  }

  async update(id: string, patch: ShippingPatch): Promise<ShippingOutcome> {
    return this.locked(async (tx, methods) => {
      const outcome = judgeUpdate(methods, id, patch);
      if (!outcome.ok) return outcome;
      const m = outcome.method;
      if (m.isDefault) await clearDefault(tx);
      await tx.query(
        `UPDATE shipping_methods SET code = $2, name = $3, price_cents = $4, free_from_cents = $5,
           delivery_days = $6, active = $7, is_default = $8
         WHERE id = $1`,
        [m.id, m.code, m.name, m.priceCents, m.freeFromCents, m.deliveryDays, m.active, m.isDefault],
      );
      return outcome;
    });
  }

  async delete(id: string): Promise<DeleteOutcome> {
    return this.locked(async (tx, methods) => {
      const outcome = judgeDelete(methods, id);
      if (outcome.ok) await tx.query('DELETE FROM shipping_methods WHERE id = $1', [id]);
      return outcome;
    });
  }

  /** Runs `work` with the table locked against other writers and every method as it is now. */
  private locked<T>(work: (tx: Queryable, methods: ShippingMethod[]) => Promise<T>): Promise<T> {
    return this.transaction(async (tx) => {
      await tx.query('LOCK TABLE shipping_methods IN SHARE ROW EXCLUSIVE MODE');
      // READ COMMITTED: this statement's snapshot is taken after the lock, so it sees every committed write.
      return work(tx, await listOn(tx));
    });
  }
}

async function listOn(db: Queryable): Promise<ShippingMethod[]> {
  const { rows } = await db.query<MethodRow>(`SELECT ${COLUMNS} FROM shipping_methods ORDER BY seq`);
  return rows.map(toMethod);
}

/** Before a method takes the flag: the unique index admits one default at a time, checked row by row. */
const clearDefault = (tx: Queryable) =>
  tx.query('UPDATE shipping_methods SET is_default = false WHERE is_default');
