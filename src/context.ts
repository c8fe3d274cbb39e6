import type { Config } from './config.js';
import { MemoryProductRepository } from './repositories/memory/memory-product.repository.js';
import { MemorySessionRepository } from './repositories/memory/memory-session.repository.js';
import { MemoryUserRepository } from './repositories/memory/memory-user.repository.js';
import type { ProductRepository } from './repositories/product.repository.js';
import type { SessionRepository } from './repositories/session.repository.js';
import type { UserRepository } from './repositories/user.repository.js';
import { AuthService } from './services/auth.service.js';
import { CatalogService } from './services/catalog.service.js';
import { type PasswordHasher, ScryptPasswordHasher } from './services/password-hasher.js';
import { type Clock, systemClock } from './shared/clock.js';
import { cryptoIds, type IdGenerator } from './shared/ids.js';

export interface Repositories {
  users: UserRepository;
  sessions: SessionRepository;
  products: ProductRepository;
}

export interface Services {
  auth: AuthService;
  catalog: CatalogService;
}

export interface AppContext {
  config: Config;
  clock: Clock;
  ids: IdGenerator;
  repos: Repositories;
  services: Services;
  /** True when every store answers; backs GET /ready. */
  isReady(): Promise<boolean>;
}

export interface ContextOverrides {
  clock?: Clock;
  ids?: IdGenerator;
  hasher?: PasswordHasher;
}

export function createMemoryRepositories(): Repositories {
  return {
    users: new MemoryUserRepository(),
    sessions: new MemorySessionRepository(),
    products: new MemoryProductRepository(),
  };
}

/** Wires repositories into services; the only place that knows every implementation. */
export function createAppContext(config: Config, overrides: ContextOverrides = {}): AppContext {
  const clock = overrides.clock ?? systemClock;
  const ids = overrides.ids ?? cryptoIds;
  const hasher = overrides.hasher ?? new ScryptPasswordHasher();
  const repos = createMemoryRepositories();
  const services: Services = {
    auth: new AuthService({ users: repos.users, sessions: repos.sessions, hasher, ids, clock, config }),
    catalog: new CatalogService({ products: repos.products, ids, clock }),
  };
  return { config, clock, ids, repos, services, isReady: async () => true };
}
