# Sourced by .ci/run. Makes a local PostgreSQL server available to the tests and exports
#   ACTORREALM_TEST_POSTGRES="Host=127.0.0.1;Port=...;Username=...;Password=...;Database=..."
# Idempotent: installs PostgreSQL from the Debian packages only when missing, creates a cluster only when
# none exists, starts it only when down, and (re)creates the test role and database as needed.
# On failure it prints why and returns non-zero; .ci/run then fails the run (unless ACTORREALM_CI_ALLOW_MISSING_SERVICES=1).
# Runs as root (CI containers) or with passwordless sudo.

_actorrealm_setup_postgres() {
  local sudo="" user="actorrealm_test" password="actorrealm_test" database="actorrealm_test"
  local did=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo="sudo -n"
    else
      echo "setup-postgres: needs root or passwordless sudo to install and start PostgreSQL" >&2
      return 1
    fi
  fi

  if ! command -v pg_lsclusters >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    if ! command -v apt-get >/dev/null 2>&1; then
      echo "setup-postgres: PostgreSQL is not installed and apt-get is not available" >&2
      return 1
    fi
    if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql; } >/tmp/actorrealm-apt.log 2>&1; then
      echo "setup-postgres: apt-get install postgresql failed (see /tmp/actorrealm-apt.log):" >&2
      tail -n 5 /tmp/actorrealm-apt.log >&2
      return 1
    fi
    did+=("installed")
  fi

  # The first cluster (version, name, port, status) or create one for the newest installed version.
  local line version cluster port status
  line=$(pg_lsclusters -h 2>/dev/null | head -n 1)
  if [ -z "$line" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    if ! $sudo pg_createcluster "$version" main >/tmp/actorrealm-pg.log 2>&1; then
      echo "setup-postgres: pg_createcluster $version main failed:" >&2
      tail -n 5 /tmp/actorrealm-pg.log >&2
      return 1
    fi
    did+=("created cluster $version/main")
    line=$(pg_lsclusters -h | head -n 1)
  fi
  read -r version cluster port status _ <<<"$line"

  if [ "$status" != "online" ]; then
    if ! $sudo pg_ctlcluster "$version" "$cluster" start >/tmp/actorrealm-pg.log 2>&1; then
      echo "setup-postgres: pg_ctlcluster $version $cluster start failed:" >&2
      tail -n 5 /tmp/actorrealm-pg.log "/var/log/postgresql/postgresql-$version-$cluster.log" >&2 2>/dev/null
      return 1
    fi
    did+=("started $version/$cluster")
  fi

  # Bounded wait (30 s) until the server accepts TCP connections.
  local waited=0
  until pg_isready -q -h 127.0.0.1 -p "$port"; do
    if [ "$waited" -ge 60 ]; then
      echo "setup-postgres: server $version/$cluster on 127.0.0.1:$port did not accept connections within 30 s" >&2
      return 1
    fi
    sleep 0.5
    waited=$((waited + 1))
  done

  local psql=(runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres)
  [ -n "$sudo" ] && psql=($sudo -u postgres psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres)
  if ! "${psql[@]}" >/tmp/actorrealm-pg.log 2>&1 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$user') THEN
    CREATE ROLE $user LOGIN PASSWORD '$password';
  ELSE
    ALTER ROLE $user LOGIN PASSWORD '$password';
  END IF;
END \$\$;
SELECT 'CREATE DATABASE $database OWNER $user' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$database')
\gexec
SQL
  then
    echo "setup-postgres: creating role and database failed:" >&2
    tail -n 5 /tmp/actorrealm-pg.log >&2
    return 1
  fi

  local connection="Host=127.0.0.1;Port=$port;Username=$user;Password=$password;Database=$database"
  if ! PGPASSWORD="$password" psql -X -q -h 127.0.0.1 -p "$port" -U "$user" -d "$database" -c "SELECT 1" >/tmp/actorrealm-pg.log 2>&1; then
    echo "setup-postgres: cannot log in as $user over 127.0.0.1:$port with a password:" >&2
    tail -n 5 /tmp/actorrealm-pg.log >&2
    return 1
  fi

  export ACTORREALM_TEST_POSTGRES="$connection"
  [ "${#did[@]}" -eq 0 ] && did+=("already running")
  echo "setup-postgres: PostgreSQL $version/$cluster on 127.0.0.1:$port ($(IFS=,; echo "${did[*]}")); ACTORREALM_TEST_POSTGRES set for database $database as $user"
  return 0
}

_actorrealm_setup_postgres
_actorrealm_status=$?
unset -f _actorrealm_setup_postgres
return $_actorrealm_status 2>/dev/null || exit $_actorrealm_status
