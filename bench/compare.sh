#!/usr/bin/env bash
# Over-the-wire comparison of egg (this framework), bare chi and Egg.js 3.
#
# Starts each server under test ONE AT A TIME on 127.0.0.1, measures the time
# from exec to its first 200 OK, drives GET /hello and GET /users/42 with wrk,
# samples the CPU time and RSS of the server's whole process tree, stops it,
# and moves on. Repetitions alternate servers: for rep in 1..REPS, for server
# in SERVERS: start, measure, stop. Results go to bench/results/ (raw.csv,
# results.md, chart.png). See bench/README.md.
#
# Usage (from anywhere):
#   bash bench/compare.sh
#   SERVERS="chi eggjs-1 eggjs-2" DURATION=3 REPS=1 bash bench/compare.sh
#
# Environment (defaults in brackets):
#   SERVERS        servers to run, any of: chi egg eggjs-1 eggjs-2 [all four]
#   DURATION       seconds of each measured wrk run [10]
#   CONNS          wrk connections [64]
#   THREADS        wrk threads [1]
#   REPS           repetitions [3]
#   WARMUP         seconds of wrk warm-up before each measured run [3, at most DURATION]
#   BASE_PORT      first port; each server start takes the next one [7101]
#   START_TIMEOUT  seconds a server may take to answer its first 200 OK [60]
#   STOP_TIMEOUT   seconds between SIGTERM and SIGKILL when stopping [15]
#   RESULTS        output directory [bench/results]
#   KEEP_TMP=1     keep the scratch directory (binaries, server and wrk logs)
set -euo pipefail

# The command line as given, for results.md (only the settings actually set).
COMMAND="bash bench/compare.sh"
for v in STOP_TIMEOUT START_TIMEOUT BASE_PORT WARMUP THREADS REPS CONNS DURATION SERVERS; do
  if [[ -n ${!v+x} ]]; then
    COMMAND="$v=\"${!v}\" $COMMAND"
  fi
done

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

SERVERS=${SERVERS:-"chi egg eggjs-1 eggjs-2"}
DURATION=${DURATION:-10}
CONNS=${CONNS:-64}
THREADS=${THREADS:-1}
REPS=${REPS:-3}
BASE_PORT=${BASE_PORT:-7101}
START_TIMEOUT=${START_TIMEOUT:-60}
STOP_TIMEOUT=${STOP_TIMEOUT:-15}
RESULTS=${RESULTS:-$ROOT/bench/results}
KEEP_TMP=${KEEP_TMP:-0}
ROUTES=(/hello /users/42)

log() { printf '[compare %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

# ---------------------------------------------------------------- arguments

[[ $DURATION =~ ^[0-9]+$ ]] || die "DURATION must be a whole number of seconds, got '$DURATION'"
WARMUP=${WARMUP:-$((DURATION < 3 ? DURATION : 3))}
for v in CONNS THREADS REPS WARMUP BASE_PORT START_TIMEOUT STOP_TIMEOUT; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number, got '${!v}'"
done
((DURATION > 0 && REPS > 0 && CONNS > 0 && THREADS > 0)) || die "DURATION, REPS, CONNS and THREADS must be > 0"
read -r -a SERVER_LIST <<<"$SERVERS"
((${#SERVER_LIST[@]})) || die "SERVERS is empty"
NEED_NODE=0
for s in "${SERVER_LIST[@]}"; do
  case $s in
  chi | egg) ;;
  eggjs-1 | eggjs-2) NEED_NODE=1 ;;
  *) die "unknown server '$s' in SERVERS (known: chi egg eggjs-1 eggjs-2)" ;;
  esac
done

# The egg server is written separately; say so plainly if it is not there yet.
if [[ " ${SERVER_LIST[*]} " == *" egg "* ]] && ! compgen -G "bench/servers/egg/*.go" >/dev/null; then
  die "bench/servers/egg/main.go is missing: the egg server under test has not been written yet.
  It must be a main package serving GET /hello and GET /users/{id} like bench/servers/chi,
  listening on \$ADDR. Until then run without it, e.g.: SERVERS=\"chi eggjs-1 eggjs-2\" bash bench/compare.sh"
fi

# ------------------------------------------------------------ prerequisites

apt_updated=0
apt_install() { # apt_install PACKAGE...
  ((EUID == 0)) || die "missing $*: install it (apt-get install -y $*) or run as root"
  if ((apt_updated == 0)); then
    log "apt-get update"
    apt-get update -qq >&2
    apt_updated=1
  fi
  log "apt-get install -y $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}
command -v go >/dev/null || die "go is not installed"
command -v wrk >/dev/null || apt_install wrk
command -v gnuplot >/dev/null || apt_install gnuplot-nox
if ((NEED_NODE)); then
  command -v node >/dev/null || die "node is not installed (needed for the Egg.js servers)"
  if [[ ! -d bench/eggjs/node_modules ]]; then
    command -v npm >/dev/null || die "npm is not installed (needed for the Egg.js servers)"
    log "npm ci in bench/eggjs"
    (cd bench/eggjs && npm ci --no-audit --no-fund >&2)
  fi
fi
CLK_TCK=$(getconf CLK_TCK)

# ------------------------------------------------------ scratch dir, cleanup

TMP=$(mktemp -d "${TMPDIR:-/tmp}/egg-bench.XXXXXX")
BIN=$TMP/bin
LOGS=$TMP/logs
mkdir -p "$BIN" "$LOGS"
PIDFILE=$TMP/server.pid # PID of the server currently running, if any

# proc_alive PID: whether PID exists and is not a zombie.
proc_alive() {
  local line
  { read -r line <"/proc/$1/stat"; } 2>/dev/null || return 1
  line=${line##*) }
  [[ ${line%% *} != Z ]]
}

# tree_pids ROOT: ROOT (if alive) and every live descendant of it, plus any
# live process still in ROOT's process group (firstreq makes the server a
# group leader, so orphaned children are found too). Space-separated.
tree_pids() {
  local root=$1 f line pid rest ppid pgrp state
  local -A kids=()
  local -a out=() queue=()
  for f in /proc/[0-9]*/stat; do
    { read -r line <"$f"; } 2>/dev/null || continue
    pid=${line%% *}
    rest=${line##*) } # "state ppid pgrp ..."
    state=${rest%% *}
    rest=${rest#* }
    ppid=${rest%% *}
    rest=${rest#* }
    pgrp=${rest%% *}
    [[ $state == Z ]] && continue
    kids[$ppid]+="$pid "
    if [[ $pgrp == "$root" && $pid != "$root" ]]; then
      out+=("$pid")
    fi
  done
  if proc_alive "$root"; then
    queue=("$root")
  fi
  while ((${#queue[@]})); do
    pid=${queue[0]}
    queue=("${queue[@]:1}")
    [[ " ${out[*]} " == *" $pid "* ]] || out+=("$pid")
    for f in ${kids[$pid]:-}; do queue+=("$f"); done
  done
  echo "${out[*]}"
}

# tree_cpu_ticks ROOT: utime+stime (clock ticks) summed over the tree.
tree_cpu_ticks() {
  local p line total=0
  local -a f
  for p in $(tree_pids "$1"); do
    { read -r line <"/proc/$p/stat"; } 2>/dev/null || continue
    read -r -a f <<<"${line##*) }" # f[0] is field 3 (state): utime=f[11], stime=f[12]
    total=$((total + f[11] + f[12]))
  done
  echo "$total"
}

# tree_rss_kb ROOT: VmRSS (kB) summed over the tree.
tree_rss_kb() {
  local p k v rest total=0
  for p in $(tree_pids "$1"); do
    while read -r k v rest; do
      if [[ $k == VmRSS: ]]; then
        total=$((total + v))
        break
      fi
    done 2>/dev/null <"/proc/$p/status" || true
  done
  echo "$total"
}

# stop_tree ROOT: SIGTERM to ROOT, then (after 3 s) to the rest of its tree,
# then SIGKILL to whatever is left after STOP_TIMEOUT seconds.
stop_tree() {
  local root=$1 tick=0 p
  local -a pids alive
  read -r -a pids <<<"$(tree_pids "$root")"
  ((${#pids[@]})) || return 0
  kill -TERM "$root" 2>/dev/null || true
  while :; do
    read -r -a alive <<<"$(tree_pids "$root")"
    for p in "${pids[@]}"; do # children that were reparented elsewhere
      if proc_alive "$p" && [[ " ${alive[*]} " != *" $p "* ]]; then alive+=("$p"); fi
    done
    ((${#alive[@]})) || return 0
    pids=("${alive[@]}")
    if ((tick >= STOP_TIMEOUT * 10)); then
      log "WARNING: server $root did not stop within ${STOP_TIMEOUT}s; SIGKILL ${alive[*]}"
      kill -KILL "${alive[@]}" 2>/dev/null || true
      sleep 0.2
      return 0
    fi
    if ((tick == 30)); then
      kill -TERM "${alive[@]}" 2>/dev/null || true
    fi
    sleep 0.1
    tick=$((tick + 1))
  done
}

stop_current() {
  if [[ -s $PIDFILE ]]; then
    local pid
    pid=$(<"$PIDFILE")
    stop_tree "$pid"
    rm -f "$PIDFILE"
  fi
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_current
  if ((rc != 0)); then
    log "failed or interrupted (exit $rc); server and wrk logs kept in $TMP"
  elif ((KEEP_TMP)); then
    log "scratch directory kept: $TMP"
  else
    rm -rf "$TMP"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------------- build

log "building harness tools and Go servers into $BIN"
go build -o "$BIN/firstreq" ./bench/cmd/firstreq
go build -o "$BIN/report" ./bench/cmd/report
for s in chi egg; do
  if [[ " ${SERVER_LIST[*]} " == *" $s "* ]]; then
    go build -o "$BIN/$s" "./bench/servers/$s"
  fi
done

# wrk prints its usual report, then this one machine-readable line.
LUA=$TMP/summary.lua
cat >"$LUA" <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKCSV %d %d %.1f %.1f %d %d %d %d %d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
EOF

# ------------------------------------------------------------------- run

RAW=$TMP/raw.csv
echo "rep,server,route,startup_ms,requests,duration_us,p50_us,p99_us,errors_connect,errors_read,errors_write,errors_status,errors_timeout,cpu_ticks,clk_tck,rss_kb" >"$RAW"

PORT=$BASE_PORT
SERVER_PID=
STARTUP_MS=

# start_server REP NAME: starts NAME on the next port through firstreq; sets
# SERVER_PID, STARTUP_MS and URL_BASE.
start_server() {
  local rep=$1 name=$2 port=$PORT out dir=$ROOT
  local -a envs cmd
  PORT=$((PORT + 1))
  case $name in
  chi)
    envs=("ADDR=127.0.0.1:$port" EGG_SERVER_ENV=prod)
    cmd=("$BIN/chi")
    ;;
  egg)
    # Scratch working directory and run dir, so nothing lands in the repo.
    dir=$TMP/egg-base-$rep
    mkdir -p "$dir"
    envs=("ADDR=127.0.0.1:$port" EGG_SERVER_ENV=prod "EGG_RUN_DIR=$dir/run")
    cmd=("$BIN/egg")
    ;;
  eggjs-*)
    dir=$ROOT/bench/eggjs
    envs=("PORT=$port" "WORKERS=${name#eggjs-}" EGG_SERVER_ENV=prod NODE_ENV=production
      "EGG_BENCH_TMPDIR=$TMP/eggjs-$rep-$name")
    cmd=(node "$ROOT/bench/eggjs/server.js")
    ;;
  esac
  URL_BASE=http://127.0.0.1:$port
  local slog=$LOGS/$rep-$name.server.log
  if ! out=$(env "${envs[@]}" "$BIN/firstreq" -url "$URL_BASE/hello" -pidfile "$PIDFILE" \
    -log "$slog" -dir "$dir" -timeout "${START_TIMEOUT}s" -- "${cmd[@]}"); then
    tail -n 30 "$slog" >&2 || true
    die "$name did not start (log: $slog)"
  fi
  read -r SERVER_PID STARTUP_MS <<<"$out"
}

# run_wrk SECONDS URL OUT: one wrk run, full report in OUT.
run_wrk() {
  wrk -t"$THREADS" -c"$CONNS" -d"$1s" --latency -s "$LUA" "$2" >"$3" 2>&1 ||
    die "wrk failed against $2: $(tail -n 5 "$3")"
}

total=$((REPS * ${#SERVER_LIST[@]}))
n=0
for ((rep = 1; rep <= REPS; rep++)); do
  for name in "${SERVER_LIST[@]}"; do
    n=$((n + 1))
    start_server "$rep" "$name"
    log "rep $rep/$REPS, $name ($n/$total): pid $SERVER_PID on $URL_BASE, first 200 OK after ${STARTUP_MS} ms"
    for route in "${ROUTES[@]}"; do
      tag=$rep-$name-${route//\//_}
      if ((WARMUP > 0)); then
        run_wrk "$WARMUP" "$URL_BASE$route" "$LOGS/$tag.warmup.txt"
      fi
      cpu0=$(tree_cpu_ticks "$SERVER_PID")
      run_wrk "$DURATION" "$URL_BASE$route" "$LOGS/$tag.wrk.txt"
      cpu1=$(tree_cpu_ticks "$SERVER_PID")
      rss=$(tree_rss_kb "$SERVER_PID")
      proc_alive "$SERVER_PID" || die "$name (pid $SERVER_PID) died during the run on $route"
      summary=$(grep '^WRKCSV ' "$LOGS/$tag.wrk.txt") || die "no summary line in $LOGS/$tag.wrk.txt"
      read -r _ requests duration_us p50 p99 e_conn e_read e_write e_status e_timeout <<<"$summary"
      ((requests > 0)) || die "$name answered no request on $route (see $LOGS/$tag.wrk.txt)"
      echo "$rep,$name,$route,$STARTUP_MS,$requests,$duration_us,$p50,$p99,$e_conn,$e_read,$e_write,$e_status,$e_timeout,$((cpu1 - cpu0)),$CLK_TCK,$rss" >>"$RAW"
      errs=$((e_conn + e_read + e_write + e_status + e_timeout))
      rps=$((requests * 1000000 / duration_us))
      log "  GET $route: $rps req/s, p99 $((${p99%.*} / 1000)).$(printf '%03d' $((${p99%.*} % 1000))) ms, $((cpu1 - cpu0)) CPU ticks, RSS $((rss / 1024)) MB, $errs errors"
    done
    stop_current
  done
done

# ----------------------------------------------------------------- report

mkdir -p "$RESULTS"
cp "$RAW" "$RESULTS/raw.csv"

cpu_model=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
read -r _ _ go_version _ < <(go version)
node_version=$(node --version 2>/dev/null || echo "none")
read -r _ wrk_version _ < <(wrk -v 2>&1 || true)
machine="$(nproc) CPUs, ${cpu_model:-unknown CPU}, Linux $(uname -r), $go_version, node $node_version, wrk $wrk_version"
settings="wrk -t$THREADS -c$CONNS -d${DURATION}s --latency per route, ${WARMUP}s warm-up per route, $REPS repetition(s), servers one at a time on 127.0.0.1"

"$BIN/report" -raw "$RESULTS/raw.csv" -md "$RESULTS/results.md" \
  -gp "$TMP/chart.gp" -png "$RESULTS/chart.png" \
  -date "$(date -u '+%Y-%m-%d %H:%M UTC')" -machine "$machine" \
  -command "$COMMAND" -settings "$settings"
if ! gnuplot -e 'set terminal pngcairo' >/dev/null 2>&1; then
  sed -i 's/^set terminal pngcairo/set terminal png/' "$TMP/chart.gp"
fi
gnuplot "$TMP/chart.gp"
log "wrote $RESULTS/results.md, $RESULTS/raw.csv and $RESULTS/chart.png"
