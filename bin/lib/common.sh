# Shared by bin/run and bin/test: install what is missing from the OS packages, make sure a
# PostgreSQL server with PostGIS answers, and create the service's database and role.
# Sourced, not run. Needs root for installs and cluster creation on a fresh machine.

set -euo pipefail

CENSUS_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# Where generated local secrets (the database password) are kept; never inside the repository.
CENSUS_STATE_DIR=${CENSUS_STATE_DIR:-/var/lib/census-map}

log() { printf '\033[1m[census]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[census] %s\033[0m\n' "$*" >&2; exit 1; }

apt_updated=false
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing packages ${missing[*]} and no apt-get to install them"
  [ "$(id -u)" = 0 ] || die "missing packages ${missing[*]}: run as root to install them"
  if ! $apt_updated; then
    log "apt-get update"
    apt-get update -qq
    apt_updated=true
  fi
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Java 17+ and Maven build the service; GDAL reads Shapefile and File Geodatabase deliveries.
install_build_tools() {
  command -v javac >/dev/null && command -v mvn >/dev/null || apt_install openjdk-17-jdk-headless maven
  apt_install gdal-bin
}

# PostgreSQL with PostGIS, unless CENSUS_DB_URL points at an existing server.
install_database_packages() {
  [ -n "${CENSUS_DB_URL:-}" ] && return 0
  apt_install postgresql postgresql-postgis postgis
}

pg_answers() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

start_local_postgres() {
  pg_answers && return 0
  local version
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  if ! pg_lsclusters -h 2>/dev/null | grep -q .; then
    log "creating PostgreSQL $version cluster 'main'"
    pg_createcluster "$version" main >/dev/null
  fi
  local cluster
  cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
  log "starting PostgreSQL cluster $cluster"
  # apt does not start clusters on machines without systemd
  pg_ctlcluster --skip-systemctl-redirect $cluster start
  for _ in $(seq 1 30); do pg_answers && return 0; sleep 1; done
  die "PostgreSQL did not answer on 127.0.0.1:5432"
}

as_postgres() { (cd / && runuser -u postgres -- "$@"); }

db_password() {
  local file="$CENSUS_STATE_DIR/db-password"
  if [ ! -s "$file" ]; then
    install -d -m 700 "$CENSUS_STATE_DIR"
    (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$file")
  fi
  cat "$file"
}

# ensure_database NAME [fresh]: role 'census' owns database NAME with PostGIS installed.
# With 'fresh' the database is dropped first (tests start from an empty schema).
ensure_database() {
  local name=$1 fresh=${2:-}
  if [ -n "${CENSUS_DB_URL:-}" ]; then
    log "using the database at CENSUS_DB_URL"
    return 0
  fi
  start_local_postgres
  local password
  password=$(db_password)
  as_postgres psql -q -v ON_ERROR_STOP=1 -v pw="$password" postgres <<'SQL' >/dev/null
SELECT format('CREATE ROLE census LOGIN PASSWORD %L', :'pw')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'census') \gexec
SELECT format('ALTER ROLE census PASSWORD %L', :'pw') \gexec
SQL
  if [ "$fresh" = fresh ]; then
    as_postgres psql -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" postgres >/dev/null
  fi
  as_postgres psql -q -v ON_ERROR_STOP=1 -v db="$name" postgres <<'SQL' >/dev/null
SELECT format('CREATE DATABASE %I OWNER census ENCODING ''UTF8'' TEMPLATE template0', :'db')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
  # CREATE EXTENSION postgis needs a superuser; the service's own migrations then find it.
  as_postgres psql -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION IF NOT EXISTS postgis' "$name" >/dev/null
  export CENSUS_DB_USER=census CENSUS_DB_PASSWORD="$password"
}
