interface StartupFacts {
  /** Where the server listens, as Fastify reports it: `http://127.0.0.1:8000`. */
  address: string;
  store: 'memory' | 'postgres';
  /** loaded now; kept: the database already had data; off: SEED_DEMO=false. */
  demo: 'loaded' | 'kept' | 'off';
}

const STORE = { memory: 'in memory (lost on restart)', postgres: 'PostgreSQL' } as const;
const DEMO = {
  loaded: 'demo data loaded',
  kept: 'demo data not loaded (the database already has data)',
  off: 'demo data off (SEED_DEMO=false)',
} as const;

/** The one line that tells a developer where everything is once the server listens. */
export const startupLine = ({ address, store, demo }: StartupFacts): string =>
  `Server listening at ${address} · docs ${address}/docs · store: ${STORE[store]} · ${DEMO[demo]}`;
