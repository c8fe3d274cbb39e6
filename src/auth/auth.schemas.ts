import { z } from 'zod';
import { apiSchemas, MAX, trimmed } from '../platform/schemas.js';
import type { User } from './user.js';

const FirstName = trimmed(1, MAX.name);
const LastName = trimmed(1, MAX.name);
const Address = trimmed(5, MAX.address);

export const RegisterBodySchema = z
  .object({
    email: z.email().max(MAX.email),
    password: z.string().min(6).max(MAX.password),
    first_name: FirstName,
    last_name: LastName,
    address: Address,
  })
  .meta({
    example: {
      email: 'jeanne@example.com',
      password: 'secret123',
      first_name: 'Jeanne',
      last_name: 'Dupont',
      address: '3 rue de la Paix, 75002 Paris',
    },
  });

export const LoginBodySchema = z
  .object({
    email: z.string().max(MAX.email),
    password: z.string().max(MAX.password),
  })
  // The demo customer's account (loaded by `npm start`), so "Try it out" in /docs just works.
  .meta({ example: { email: 'alice@example.com', password: 'password123' } });

/** Every field optional; `null` or a too-short value is a 422 and leaves the profile untouched. */
export const UpdateProfileBodySchema = z.object({
  first_name: FirstName.optional(),
  last_name: LastName.optional(),
  address: Address.optional(),
});

export const UserProfileResponseSchema = z.object({
  id: z.string(),
  email: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  address: z.string(),
  is_admin: z.boolean(),
});

export const LoginResponseSchema = z.object({
  token: z.string(),
  user_id: z.string(),
  email: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  is_admin: z.boolean(),
});

export type UserProfileResponse = z.infer<typeof UserProfileResponseSchema>;
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

export const toUserProfileResponse = (user: User): UserProfileResponse => ({
  id: user.id,
  email: user.email,
  first_name: user.firstName,
  last_name: user.lastName,
  address: user.address,
  is_admin: user.isAdmin,
});

export const toLoginResponse = ({ token, user }: { token: string; user: User }): LoginResponse => ({
  token,
  user_id: user.id,
  email: user.email,
  first_name: user.firstName,
  last_name: user.lastName,
  is_admin: user.isAdmin,
});

// Named components of /openapi.json (see apiSchemas).
apiSchemas.add(UserProfileResponseSchema, { id: 'UserProfile' });
apiSchemas.add(LoginResponseSchema, { id: 'Login' });
