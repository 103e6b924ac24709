#!/usr/bin/env bash
# Brings up a local PostgreSQL for the db tests and prints the one line `.ci/run` evals:
#   eval "$(bash scripts/ci-postgres.sh)"
# Idempotent: installs Debian's postgresql only when missing, reuses the cluster, role and database when they exist.
# PostgreSQL refuses to run as root, so the cluster is driven through pg_ctlcluster and psql runs as the postgres user.
# Everything but the export line goes to stderr, so the eval sees only that line.
set -euo pipefail

ROLE=soxbridge_test
DB=soxbridge_test
# A throwaway credential for a cluster that listens on 127.0.0.1 only and holds nothing but test schemas.
PASSWORD=soxbridge_test
CLUSTER="${SOXBRIDGE_PG_CLUSTER:-main}"
PORT="${SOXBRIDGE_PG_PORT:-5432}"

log() { echo "ci-postgres: $*" >&2; }

have_server() {
  command -v pg_ctlcluster >/dev/null 2>&1 && compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}

if ! have_server; then
  log 'installing postgresql (apt-get)'
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
have_server || { log 'postgresql is still missing after apt-get install'; exit 1; }

VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"

# In a subshell from /: the postgres user may not be able to read the caller's directory.
as_postgres() (
  cd /
  if command -v runuser >/dev/null 2>&1; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
)

if ! pg_lsclusters -h | awk '{print $1 "/" $2}' | grep -qx "$VERSION/$CLUSTER"; then
  log "creating cluster $VERSION/$CLUSTER"
  pg_createcluster "$VERSION" "$CLUSTER" --port "$PORT" >&2
fi

# Listen on loopback only, through a drop-in file (Debian's postgresql.conf includes conf.d/) so the main file is
# never edited; a changed drop-in needs a restart when the cluster already runs.
CONF_DIR="/etc/postgresql/$VERSION/$CLUSTER/conf.d"
DROP_IN="$CONF_DIR/soxbridge-test.conf"
WANT="listen_addresses = '127.0.0.1'
port = $PORT"
changed=0
if [ "$(cat "$DROP_IN" 2>/dev/null || true)" != "$WANT" ]; then
  mkdir -p "$CONF_DIR"
  printf '%s\n' "$WANT" >"$DROP_IN"
  changed=1
fi

if pg_ctlcluster "$VERSION" "$CLUSTER" status >/dev/null 2>&1; then
  if [ "$changed" = 1 ]; then
    log 'restarting the cluster for the new listen settings'
    pg_ctlcluster "$VERSION" "$CLUSTER" restart >&2
  fi
else
  log "starting cluster $VERSION/$CLUSTER on 127.0.0.1:$PORT"
  pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi

for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$PORT" && break
  sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$PORT" || { log "the cluster does not accept connections on 127.0.0.1:$PORT"; exit 1; }

# The role owns its database, so tests may create and drop one schema each.
as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PORT" -d postgres >&2 <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD';
  ELSE
    ALTER ROLE $ROLE LOGIN PASSWORD '$PASSWORD';
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE $DB OWNER $ROLE' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB')\gexec
SQL

URL="postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB"
# Prove the password login over TCP works before telling CI to use it.
PGPASSWORD="$PASSWORD" psql -X -q -h 127.0.0.1 -p "$PORT" -U "$ROLE" -d "$DB" -c 'SELECT 1' >/dev/null
log "ready: $ROLE@127.0.0.1:$PORT/$DB"
echo "export DATABASE_URL_TEST=$URL"
