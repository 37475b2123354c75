#!/usr/bin/env bash
# ActorRealm side by side with the peers (NATS JetStream R3, RabbitMQ quorum queue), interleaved, on this machine.
#   bench/compare-peers.sh [PEERS_DIR]      # default: ../shared/peers next to the main repository
#   REPS=1 SCENARIOS="sync" MSGS=2000 bench/compare-peers.sh
# Builds the CLI in Release once, then for each scenario and repetition runs every system once, in an order that
# alternates between repetitions (A B C, C B A, ...). Before each run the other systems' clusters are stopped (an
# ActorRealm realm lives only as long as its `bench publish` run), the system's cluster is started and SETTLE_S idle
# seconds pass. Each run prints one JSON line (the peers' shape); all of them go to RESULTS_DIR/<stamp>.jsonl, each
# run's log to RESULTS_DIR/<stamp>/, and bench/summarize-peers.mjs prints the median (min-max) table with msgs/s
# ratios to NATS JetStream. Without the peers' directory (or their node_modules) only ActorRealm runs.
# Env: REPS (3), SCENARIOS ("sync window failover"), SYSTEMS ("actorrealm nats rabbit"), SETTLE_S (5),
#      STOP_AT_END (1), RESULTS_DIR (bench/results), CLIENT_TIMEOUT_S (900), and the peers' work overrides, passed
#      to every system alike: MSGS, INFLIGHT, WARMUP, SIZE, PUB_TIMEOUT_MS, MAX_SECONDS, FAILOVER_SECONDS,
#      FAILOVER_KILL_AFTER_S. AR_ARGS adds options to ActorRealm's `bench publish` (e.g. "--standby off").
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

default_peers() {
  # ../shared/peers relative to the main repository (a worktree's common git directory is the main one's .git)
  local common
  common=$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null || echo "$repo/.git")
  echo "$(dirname "$common")/../shared/peers"
}
PEERS_DIR=${1:-$(default_peers)}
REPS=${REPS:-3}
SCENARIOS=${SCENARIOS:-"sync window failover"}
SYSTEMS=${SYSTEMS:-"actorrealm nats rabbit"}
SETTLE_S=${SETTLE_S:-5}
STOP_AT_END=${STOP_AT_END:-1}
RESULTS_DIR=${RESULTS_DIR:-bench/results}
CLIENT_TIMEOUT_S=${CLIENT_TIMEOUT_S:-900}
[[ $REPS =~ ^[0-9]+$ ]] && ((REPS >= 1 && REPS <= 20)) || { echo "REPS must be 1..20" >&2; exit 2; }
for s in $SCENARIOS; do case $s in sync|window|failover) ;; *) echo "unknown scenario $s (sync|window|failover)" >&2; exit 2 ;; esac; done
command -v jq >/dev/null || { echo "jq is needed" >&2; exit 2; }
command -v node >/dev/null || { echo "node is needed (bench/summarize-peers.mjs)" >&2; exit 2; }

have_peers=0
if [[ -x $PEERS_DIR/bench.sh && -d $PEERS_DIR/node_modules/nats && -d $PEERS_DIR/node_modules/amqplib ]]; then
  have_peers=1
  PEERS_DIR=$(cd "$PEERS_DIR" && pwd)
else
  echo "[compare] no usable peers at $PEERS_DIR (run its ./setup.sh once): ActorRealm only" >&2
fi
systems=()
for sys in $SYSTEMS; do
  case $sys in
    actorrealm) systems+=("$sys") ;;
    nats|rabbit) ((have_peers)) && systems+=("$sys") ;;
    *) echo "unknown system $sys (actorrealm|nats|rabbit)" >&2; exit 2 ;;
  esac
done

echo "[compare] building the CLI (Release)" >&2
dotnet build src/ActorRealm.Cli -c Release -nologo -v q >&2
cli=$repo/src/ActorRealm.Cli/bin/Release/net10.0/actorrealm
[[ -x $cli ]] || { echo "no $cli after the build" >&2; exit 1; }

ar_args=()
[[ -n ${MSGS:-} ]] && ar_args+=(--msgs "$MSGS")
[[ -n ${INFLIGHT:-} ]] && ar_args+=(--inflight "$INFLIGHT")
[[ -n ${WARMUP:-} ]] && ar_args+=(--warmup "$WARMUP")
[[ -n ${SIZE:-} ]] && ar_args+=(--size "$SIZE")
[[ -n ${PUB_TIMEOUT_MS:-} ]] && ar_args+=(--publish-timeout-ms "$PUB_TIMEOUT_MS")
[[ -n ${MAX_SECONDS:-} ]] && ar_args+=(--max-seconds "$MAX_SECONDS")
[[ -n ${FAILOVER_SECONDS:-} ]] && ar_args+=(--failover-seconds "$FAILOVER_SECONDS")
[[ -n ${FAILOVER_KILL_AFTER_S:-} ]] && ar_args+=(--kill-after "$FAILOVER_KILL_AFTER_S")
read -r -a extra_args <<<"${AR_ARGS:-}"

stop_peers() { # stop every peer cluster except $1
  ((have_peers)) || return 0
  for p in nats rabbit; do [[ $p == "${1:-}" ]] || "$PEERS_DIR/$p-cluster.sh" stop >/dev/null 2>&1 || true; done
}

run_one() { # system scenario -> one JSON line on stdout
  local sys=$1 scen=$2 line rc=0
  if [[ $sys == actorrealm ]]; then
    stop_peers ""
    sleep "$SETTLE_S"
    line=$(timeout -k 10 "$CLIENT_TIMEOUT_S" "$cli" bench publish --scenario "$scen" --json "${ar_args[@]}" "${extra_args[@]}" | grep -m1 '^{"system"') || rc=$?
  else
    stop_peers "$sys"
    "$PEERS_DIR/$sys-cluster.sh" start >/dev/null 2>&1 || echo "[compare] WARNING: $sys cluster start failed" >&2
    sleep "$SETTLE_S"
    line=$(CLIENT_TIMEOUT_S=$CLIENT_TIMEOUT_S "$PEERS_DIR/bench.sh" "$sys" "$scen") || rc=$?
  fi
  [[ -n ${line:-} ]] || line="{\"system\":\"$sys\",\"scenario\":\"$scen\",\"error\":\"exit $rc, no output\"}"
  echo "$line"
}

stamp=$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$RESULTS_DIR/$stamp"
out=$RESULTS_DIR/$stamp.jsonl
echo "[compare] systems: ${systems[*]}; scenarios: $SCENARIOS; reps: $REPS; results -> $out" >&2
for scen in $SCENARIOS; do
  for ((rep = 1; rep <= REPS; rep++)); do
    order=("${systems[@]}")
    if ((rep % 2 == 0)); then order=(); for ((i = ${#systems[@]} - 1; i >= 0; i--)); do order+=("${systems[i]}"); done; fi
    for sys in "${order[@]}"; do
      echo "[compare] $sys $scen rep $rep ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
      line=$(run_one "$sys" "$scen" 2>"$RESULTS_DIR/$stamp/$sys-$scen-$rep.log")
      jq -c --argjson rep "$rep" --arg ts "$(date -u -Is)" '. + {rep: $rep, ts: $ts}' <<<"$line" | tee -a "$out"
    done
  done
done

if ((STOP_AT_END)); then stop_peers ""; fi
node bench/summarize-peers.mjs "$out"
