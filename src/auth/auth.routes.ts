import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, tokenOf } from '../platform/auth-guard.js';
import { MessageResponseSchema } from '../platform/schemas.js';
import { Errors } from '../shared/error-catalog.js';
import {
  LoginBodySchema,
  LoginResponseSchema,
  RegisterBodySchema,
  toLoginResponse,
  toUserProfileResponse,
  UpdateProfileBodySchema,
  UserProfileResponseSchema,
} from './auth.schemas.js';
import type { AuthService } from './auth.service.js';
import { type LoginThrottleOptions, registerLoginThrottle } from './login-throttle.js';

const tags = ['Authentification'];

interface AuthRouteDeps {
  auth: AuthService;
  loginThrottle: LoginThrottleOptions;
  /** Registrations per address per window; undefined when that limit is off. */
  registerLimit: { max: number; timeWindow: number } | undefined;
}

export const authRoutes: FastifyPluginAsyncZod<AuthRouteDeps> = async (
  app,
  { auth, loginThrottle, registerLimit },
) => {
  app.post(
    '/register',
    {
      config: {
        access: 'public',
        errors: [Errors.emailTaken, Errors.nameNotVisible],
        ...(registerLimit && { rateLimit: registerLimit }),
      },
      schema: {
        tags,
        operationId: 'register',
        summary: 'Créer un compte (connecté aussitôt)',
        body: RegisterBodySchema,
        response: { 201: LoginResponseSchema },
      },
    },
    async (request, reply) => {
      const { email, password, first_name, last_name, address } = request.body;
      const session = await auth.register({
        email,
        password,
        firstName: first_name,
        lastName: last_name,
        address,
      });
      return reply.code(201).send(toLoginResponse(session));
    },
  );

  // The login route lives in its own scope so the failed-login throttle counts nothing else.
  await app.register(async (scope) => {
    await registerLoginThrottle(scope, loginThrottle);
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/login',
      {
        config: { access: 'public', errors: [Errors.invalidCredentials, Errors.tooManyAttempts] },
        schema: {
          tags,
          operationId: 'login',
          summary: 'Se connecter (un nouveau jeton à chaque fois ; 429 après 5 échecs par minute)',
          body: LoginBodySchema,
          response: { 200: LoginResponseSchema },
        },
      },
      async (request) =>
        toLoginResponse(await auth.login(request.body.email, request.body.password, request.log)),
    );
  });

  // The aliases stay for the SPA, marked deprecated so new clients use the first name.
  for (const [url, suffix] of [
    ['/logout', ''],
    ['/logout-v2', 'V2'],
  ] as const) {
    app.post(
      url,
      {
        config: { access: 'user' },
        schema: {
          tags,
          operationId: `logout${suffix}`,
          deprecated: suffix !== '',
          summary: suffix
            ? 'Se déconnecter (alias de /logout)'
            : 'Se déconnecter (révoque le jeton présenté)',
          response: { 200: MessageResponseSchema },
        },
      },
      async (request) => {
        await auth.logout(tokenOf(request));
        return { message: 'Déconnexion réussie' };
      },
    );
  }

  for (const [url, suffix] of [
    ['/me', ''],
    ['/profile', 'Alias'],
  ] as const) {
    const deprecated = suffix !== '';
    app.get(
      url,
      {
        config: { access: 'user', errors: [Errors.userNotFound] },
        schema: {
          tags,
          operationId: `getProfile${suffix}`,
          deprecated,
          summary: deprecated ? 'Lire son profil (alias de /me)' : 'Lire son profil',
          response: { 200: UserProfileResponseSchema },
        },
      },
      async (request) => toUserProfileResponse(await auth.getProfile(actorOf(request).userId)),
    );

    app.put(
      url,
      {
        config: { access: 'user', errors: [Errors.userNotFound, Errors.nameNotVisible, Errors.emailTaken] },
        schema: {
          tags,
          operationId: `updateProfile${suffix}`,
          deprecated,
          summary: deprecated ? 'Modifier son profil (alias de /me)' : 'Modifier son profil',
          body: UpdateProfileBodySchema,
          response: { 200: UserProfileResponseSchema },
        },
      },
      async (request) => {
        const { first_name, last_name, address, email } = request.body;
        const user = await auth.updateProfile(
          actorOf(request).userId,
          {
            ...(first_name !== undefined && { firstName: first_name }),
            ...(last_name !== undefined && { lastName: last_name }),
            ...(address !== undefined && { address }),
          },
          email,
        );
        return toUserProfileResponse(user);
      },
    );
  }
};
