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

/**
 * Every field optional; `null` or a too-short value is a 422 and leaves the profile untouched.
 * A new `email` is not taken at once: a link goes to it, and the old one stays until it is followed.
 */
export const UpdateProfileBodySchema = z.object({
  first_name: FirstName.optional(),
  last_name: LastName.optional(),
  address: Address.optional(),
  email: z.email().max(MAX.email).optional(),
});

export const UserProfileResponseSchema = z.object({
  id: z.string(),
  email: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  address: z.string(),
  is_admin: z.boolean(),
  email_verified: z.boolean(),
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
  email_verified: user.emailVerified,
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

// Accounts (issue 26): the links' tokens are 32 random bytes in base64url, 43 characters.
const LinkToken = z.string().min(1).max(128);
const NewPassword = RegisterBodySchema.shape.password;

export const ForgotPasswordBodySchema = z
  .object({ email: z.string().trim().max(MAX.email) })
  .meta({ example: { email: 'alice@example.com' } });

export const ResetPasswordBodySchema = z
  .object({ token: LinkToken, password: NewPassword })
  .meta({ example: { token: 'le-jeton-du-lien-recu-par-e-mail', password: 'nouveau123' } });

export const ChangePasswordBodySchema = z
  .object({ current_password: z.string().max(MAX.password), new_password: NewPassword })
  .meta({ example: { current_password: 'password123', new_password: 'nouveau123' } });

export const VerifyEmailBodySchema = z
  .object({ token: LinkToken })
  .meta({ example: { token: 'le-jeton-du-lien-recu-par-e-mail' } });
