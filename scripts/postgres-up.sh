#!/usr/bin/env bash
# Makes a local PostgreSQL server available, on a machine where nothing was set up by hand:
# installs Debian's postgresql package if missing, starts a cluster, creates the `ecommerce`
# role and two databases, `ecommerce` (development: npm start, db:seed, db:reset) and
# `ecommerce_test` (the test suite), and prints one DATABASE_URL (nothing else on stdout):
#   bash scripts/postgres-up.sh         the test database's URL (what npm run test:pg and CI use)
#   bash scripts/postgres-up.sh --dev   the development database's URL
set -euo pipefail

DEV_DB=ecommerce
TEST_DB=${PG_TEST_DB:-ecommerce_test}
case "${1:-}" in
  --dev) DB_NAME=$DEV_DB ;;
  "" | --test) DB_NAME=$TEST_DB ;;
  *) echo "usage: $0 [--dev|--test]" >&2; exit 2 ;;
esac
DB_USER=ecommerce
DB_PASSWORD=ecommerce
PORT=${PG_TEST_PORT:-5432}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

if ! ls /usr/lib/postgresql/*/bin/postgres > /dev/null 2>&1; then
  echo "installing PostgreSQL from Debian's packages…" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
fi

VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -q "^$VERSION main$"; then
  pg_createcluster "$VERSION" main --port "$PORT" >&2
fi
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$VERSION" main start >&2
fi
CLUSTER_PORT=$(pg_lsclusters -h | awk -v v="$VERSION" '$1==v && $2=="main" {print $3}')

for _ in $(seq 1 50); do
  as_postgres psql -p "$CLUSTER_PORT" -qtAc 'SELECT 1' > /dev/null 2>&1 && break
  sleep 0.2
done

as_postgres psql -p "$CLUSTER_PORT" -qtAc "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'" | grep -q 1 ||
  as_postgres psql -p "$CLUSTER_PORT" -qc "CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD'" >&2
for db in "$DEV_DB" "$TEST_DB"; do
  as_postgres psql -p "$CLUSTER_PORT" -qtAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 ||
    as_postgres psql -p "$CLUSTER_PORT" -qc "CREATE DATABASE $db OWNER $DB_USER" >&2
done

echo "postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$CLUSTER_PORT/$DB_NAME"
