import { violatedConstraint } from '../database/constraint.js';
import type { Queryable, Transactor } from '../database/db.js';
import { type Category, type CategoryPatch, wouldCycle } from './category.js';
import type {
  CategoryDeleteOutcome,
  CategoryRepository,
  CategoryWriteOutcome,
} from './category.repository.js';

interface CategoryRow {
  id: string;
  name: string;
  slug: string;
  parent_id: string | null;
  position: number;
}

const toCategory = (row: CategoryRow): Category => ({
  id: row.id,
  name: row.name,
  slug: row.slug,
  parentId: row.parent_id,
  position: row.position,
});

const COLUMNS = 'id, name, slug, parent_id, position';
/** Moves of the tree take this transaction lock, so two moves cannot each close half of a loop. */
const TREE_LOCK = 727_011;

export class PgCategoryRepository implements CategoryRepository {
  constructor(
    private readonly db: Queryable,
    private readonly transaction: Transactor,
  ) {}

  async insert(category: Category): Promise<CategoryWriteOutcome> {
    try {
      await this.db.query(`INSERT INTO categories (${COLUMNS}) VALUES ($1, $2, $3, $4, $5)`, [
        category.id,
        category.name,
        category.slug,
        category.parentId,
        category.position,
      ]);
      return { ok: true, category: { ...category } };
    } catch (err) {
      const refusal = refusalOf(err);
      if (refusal) return { ok: false, reason: refusal };
      throw err;
    }
  }

  async update(id: string, patch: CategoryPatch): Promise<CategoryWriteOutcome> {
    try {
      return await this.transaction(async (tx) => {
        if (patch.parentId !== undefined && patch.parentId !== null) {
          await tx.query('SELECT pg_advisory_xact_lock($1)', [TREE_LOCK]);
          const { rows } = await tx.query<CategoryRow>(`SELECT ${COLUMNS} FROM categories`);
          const all = rows.map(toCategory);
          if (!all.some((category) => category.id === id)) return { ok: false, reason: 'NOT_FOUND' } as const;
          if (!all.some((category) => category.id === patch.parentId))
            return { ok: false, reason: 'PARENT_NOT_FOUND' } as const;
          if (wouldCycle(all, id, patch.parentId)) return { ok: false, reason: 'CYCLE' } as const;
        }
        const { rows } = await tx.query<CategoryRow>(
          `UPDATE categories SET name = COALESCE($2, name), slug = COALESCE($3, slug),
             parent_id = CASE WHEN $4 THEN $5 ELSE parent_id END, position = COALESCE($6, position)
           WHERE id = $1 RETURNING ${COLUMNS}`,
          [
            id,
            patch.name ?? null,
            patch.slug ?? null,
            patch.parentId !== undefined,
            patch.parentId ?? null,
            patch.position ?? null,
          ],
        );
        return rows[0]
          ? ({ ok: true, category: toCategory(rows[0]) } as const)
          : ({ ok: false, reason: 'NOT_FOUND' } as const);
      });
    } catch (err) {
      const refusal = refusalOf(err);
      if (refusal) return { ok: false, reason: refusal };
      throw err;
    }
  }

  /** One statement decides; the foreign keys stand behind it should a child or a product arrive meanwhile. */
  async delete(id: string): Promise<CategoryDeleteOutcome> {
    try {
      const { rows } = await this.db.query<{
        deleted: boolean;
        children: boolean;
        used: boolean;
        found: boolean;
      }>(
        `WITH target AS (SELECT id FROM categories WHERE id = $1),
         checks AS (
           SELECT EXISTS (SELECT 1 FROM categories WHERE parent_id = $1) AS children,
                  EXISTS (SELECT 1 FROM product_categories WHERE category_id = $1) AS used
         ),
         gone AS (
           DELETE FROM categories c USING checks WHERE c.id = $1 AND NOT checks.children AND NOT checks.used RETURNING c.id
         )
         SELECT EXISTS (SELECT 1 FROM gone) AS deleted, checks.children, checks.used, EXISTS (SELECT 1 FROM target) AS found
         FROM checks`,
        [id],
      );
      const row = rows[0];
      if (!row?.found) return 'NOT_FOUND';
      if (row.deleted) return 'DELETED';
      return row.children ? 'HAS_CHILDREN' : 'HAS_PRODUCTS';
    } catch (err) {
      const constraint = violatedConstraint(err);
      if (constraint === 'categories_parent_id_fkey') return 'HAS_CHILDREN';
      if (constraint === 'product_categories_category_id_fkey') return 'HAS_PRODUCTS';
      throw err;
    }
  }

  async listAll(): Promise<Category[]> {
    const { rows } = await this.db.query<CategoryRow>(`SELECT ${COLUMNS} FROM categories ORDER BY seq`);
    return rows.map(toCategory);
  }
}

function refusalOf(err: unknown): 'SLUG_TAKEN' | 'PARENT_NOT_FOUND' | null {
  const constraint = violatedConstraint(err);
  if (constraint === 'categories_slug_key') return 'SLUG_TAKEN';
  if (constraint === 'categories_parent_id_fkey') return 'PARENT_NOT_FOUND';
  return null;
}
