# Sourced by .ci/run. Makes headless Chromium available to the status console's browser tests and exports
#   ACTORREALM_CHROMIUM=/usr/bin/chromium
# Installs Debian's chromium package only when /usr/bin/chromium is missing (Playwright's own browser download cannot
# reach the internet here; the tests drive this executable through Microsoft.Playwright).
# On failure it prints why and returns non-zero; .ci/run then fails the run (unless ACTORREALM_CI_ALLOW_MISSING_SERVICES=1).
# Runs as root (CI containers) or with passwordless sudo.

_actorrealm_setup_chromium() {
  local sudo="" chromium="/usr/bin/chromium" did="already installed"
  if [ ! -x "$chromium" ]; then
    if [ "$(id -u)" -ne 0 ]; then
      if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo="sudo -n"
      else
        echo "setup-chromium: needs root or passwordless sudo to install chromium" >&2
        return 1
      fi
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
      echo "setup-chromium: chromium is not installed and apt-get is not available" >&2
      return 1
    fi
    # Another apt-get (e.g. setup-postgres.sh's) may hold the lock for a while: wait for it rather than fail.
    if ! { $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq \
        && DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium; } >/tmp/actorrealm-apt-chromium.log 2>&1; then
      echo "setup-chromium: apt-get install chromium failed (see /tmp/actorrealm-apt-chromium.log):" >&2
      tail -n 5 /tmp/actorrealm-apt-chromium.log >&2
      return 1
    fi
    did="installed"
  fi

  if ! "$chromium" --headless --no-sandbox --disable-gpu --version >/dev/null 2>&1; then
    echo "setup-chromium: $chromium does not start (--version failed)" >&2
    return 1
  fi

  export ACTORREALM_CHROMIUM="$chromium"
  echo "setup-chromium: $("$chromium" --version 2>/dev/null | head -n 1) at $chromium ($did); ACTORREALM_CHROMIUM set"
  return 0
}

_actorrealm_setup_chromium
_actorrealm_status=$?
unset -f _actorrealm_setup_chromium
return $_actorrealm_status 2>/dev/null || exit $_actorrealm_status
