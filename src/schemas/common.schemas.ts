import { z } from 'zod';

/** Contract §1: every string has a maximum length, so no request causes unbounded work. */
export const MAX = { name: 200, address: 500, text: 5000, password: 128, email: 254, id: 64 } as const;

export const trimmed = (min: number, max: number) => z.string().trim().min(min).max(max);

/** Ids are UUIDs we issue, but an unknown or odd id is a 404 (the contract's message), not a 422. */
export const IdSchema = z.string().min(1).max(MAX.id);

export const IdParamsSchema = z.object({ id: IdSchema });

export const MessageResponseSchema = z.object({ message: z.string() });
