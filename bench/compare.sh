#!/usr/bin/env bash
# Over-the-wire comparison of egg (this framework), bare chi and Egg.js 3,
# each framework in two configurations (see bench/README.md):
#
#   chi            bare go-chi/chi (bench/servers/chi), the floor
#   egg-minimal    egg with onerror and bodyparser only (apps.Minimal)
#   egg-default    egg with modules.Default() and the page (apps.Page)
#   eggjs-minimal  Egg.js with security, session and i18n off
#   eggjs-default  Egg.js with its default plugins and egg-view-nunjucks
#
# Routes: GET /hello and GET /users/42 on every server; GET /page (session,
# two translated messages, a template in a layout) on the default ones.
#
# The headline is the server's CPU time per request (utime + stime of its
# whole process tree from /proc, read just before and after each measured
# wrk run); req/s comes second. Servers run one at a time, in an order that
# rotates with each repetition. Before each measured run the machine must
# be idle (/proc/stat over 1 s); a run during which neighbours used more
# than MAX_NEIGHBOUR % of the machine is discarded and redone (at most
# RETRIES times; the last one is kept and marked noisy). Results go to
# bench/results/ (raw.csv, results.md, chart.png).
#
# Usage (from anywhere):
#   bash bench/compare.sh
#   SERVERS="chi egg-minimal egg-default" DURATION=2 REPS=1 bash bench/compare.sh   # smoke run
#
# Environment (defaults in brackets):
#   SERVERS        any of: chi egg-minimal egg-default eggjs-minimal eggjs-default [all five]
#   EGGJS_WORKERS  app workers of each Egg.js server [2]
#   DURATION       seconds of each measured wrk run [10]
#   CONNS          wrk connections [64]
#   THREADS        wrk threads [1]
#   REPS           repetitions [5]
#   WARMUP         seconds of wrk warm-up before each measured run [3, at most DURATION]
#   MAX_BUSY       % of the machine others may use in the idle check before a run [15]
#   IDLE_TRIES     idle checks (5 s apart) before running anyway [12]
#   MAX_NEIGHBOUR  % of the machine others may use during a run before it is redone [10]
#   RETRIES        redos of a run with too much neighbour load [3]
#   BASE_PORT      first port; each server start takes the next one [7101]
#   START_TIMEOUT  seconds a server may take to answer its first 200 OK [60]
#   STOP_TIMEOUT   seconds between SIGTERM and SIGKILL when stopping [15]
#   RESULTS        output directory [bench/results]
#   KEEP_TMP=1     keep the scratch directory (binaries, server and wrk logs)
set -euo pipefail

# The command line as given, for results.md (only the settings actually set).
COMMAND="bash bench/compare.sh"
for v in STOP_TIMEOUT START_TIMEOUT BASE_PORT RETRIES MAX_NEIGHBOUR IDLE_TRIES MAX_BUSY WARMUP THREADS CONNS REPS DURATION EGGJS_WORKERS SERVERS; do
  if [[ -n ${!v+x} ]]; then
    COMMAND="$v=\"${!v}\" $COMMAND"
  fi
done

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

SERVERS=${SERVERS:-"chi egg-minimal egg-default eggjs-minimal eggjs-default"}
EGGJS_WORKERS=${EGGJS_WORKERS:-2}
DURATION=${DURATION:-10}
CONNS=${CONNS:-64}
THREADS=${THREADS:-1}
REPS=${REPS:-5}
MAX_BUSY=${MAX_BUSY:-15}
IDLE_TRIES=${IDLE_TRIES:-12}
MAX_NEIGHBOUR=${MAX_NEIGHBOUR:-10}
RETRIES=${RETRIES:-3}
BASE_PORT=${BASE_PORT:-7101}
START_TIMEOUT=${START_TIMEOUT:-60}
STOP_TIMEOUT=${STOP_TIMEOUT:-15}
RESULTS=${RESULTS:-$ROOT/bench/results}
KEEP_TMP=${KEEP_TMP:-0}
GOLDEN=$ROOT/bench/testdata/page.golden.html
PAGE_USER=ada

log() { printf '[compare %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

# ---------------------------------------------------------------- arguments

[[ $DURATION =~ ^[0-9]+$ ]] || die "DURATION must be a whole number of seconds, got '$DURATION'"
WARMUP=${WARMUP:-$((DURATION < 3 ? DURATION : 3))}
for v in EGGJS_WORKERS CONNS THREADS REPS WARMUP MAX_BUSY IDLE_TRIES MAX_NEIGHBOUR RETRIES BASE_PORT START_TIMEOUT STOP_TIMEOUT; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number, got '${!v}'"
done
((DURATION > 0 && REPS > 0 && CONNS > 0 && THREADS > 0 && EGGJS_WORKERS > 0)) ||
  die "DURATION, REPS, CONNS, THREADS and EGGJS_WORKERS must be > 0"
read -r -a SERVER_LIST <<<"$SERVERS"
((${#SERVER_LIST[@]})) || die "SERVERS is empty"
NEED_NODE=0
for s in "${SERVER_LIST[@]}"; do
  case $s in
  chi | egg-minimal | egg-default) ;;
  eggjs-minimal | eggjs-default) NEED_NODE=1 ;;
  *) die "unknown server '$s' in SERVERS (known: chi egg-minimal egg-default eggjs-minimal eggjs-default)" ;;
  esac
done

# routes SERVER: the routes SERVER is measured on.
routes() {
  case $1 in
  *-default) echo "/hello /users/42 /page" ;;
  *) echo "/hello /users/42" ;;
  esac
}

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
command -v curl >/dev/null || apt_install curl
if ((NEED_NODE)); then
  command -v node >/dev/null || die "node is not installed (needed for the Egg.js servers)"
  if [[ ! -d bench/eggjs/node_modules ]]; then
    command -v npm >/dev/null || die "npm is not installed (needed for the Egg.js servers)"
    log "npm ci in bench/eggjs"
    (cd bench/eggjs && npm ci --no-audit --no-fund >&2)
  fi
fi
CLK_TCK=$(getconf CLK_TCK)
NCPU=$(nproc)

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

# ------------------------------------------------------- machine load

# sys_ticks: sets SYS_BUSY and SYS_TOTAL to the whole machine's clock
# ticks since boot, from /proc/stat's cpu line: busy is user + nice +
# system + irq + softirq + steal (steal: a VM's neighbours), total adds
# idle and iowait. Builtins only: no fork whose CPU would count.
sys_ticks() {
  local cpu user nice system idle iowait irq softirq steal rest
  read -r cpu user nice system idle iowait irq softirq steal rest </proc/stat
  SYS_BUSY=$((user + nice + system + irq + softirq + steal))
  SYS_TOTAL=$((SYS_BUSY + idle + iowait))
}

# busy_pct SECONDS: % of the whole machine busy over SECONDS.
busy_pct() {
  local b0 t0
  sys_ticks
  b0=$SYS_BUSY t0=$SYS_TOTAL
  sleep "$1"
  sys_ticks
  echo $(((SYS_BUSY - b0) * 100 / ((SYS_TOTAL - t0) > 0 ? (SYS_TOTAL - t0) : 1)))
}

# wait_idle: waits until the machine (with our server idle) is at most
# MAX_BUSY % busy over 1 s, checking every 5 s, at most IDLE_TRIES times;
# sets IDLE_BUSY to the last reading.
wait_idle() {
  local try
  for ((try = 1; try <= IDLE_TRIES; try++)); do
    IDLE_BUSY=$(busy_pct 1)
    ((IDLE_BUSY <= MAX_BUSY)) && return 0
    ((try < IDLE_TRIES)) || break
    log "  machine ${IDLE_BUSY}% busy (> MAX_BUSY ${MAX_BUSY}%): waiting (check $try/$IDLE_TRIES)"
    sleep 4
  done
  log "  WARNING: machine still ${IDLE_BUSY}% busy after $IDLE_TRIES checks; running anyway (the neighbour check decides)"
}

# children_ticks: sets CHILD_TICKS to the utime + stime of this shell's
# reaped children (cutime + cstime in /proc/$$/stat): across a wrk run,
# wrk's own CPU. Builtins only.
children_ticks() {
  local line
  local -a f
  read -r line <"/proc/$$/stat"
  read -r -a f <<<"${line##*) }" # f[0] is field 3: cutime = f[13], cstime = f[14]
  CHILD_TICKS=$((f[13] + f[14]))
}

# ------------------------------------------------------------------- build

log "building harness tools and Go servers into $BIN"
go build -o "$BIN/firstreq" ./bench/cmd/firstreq
go build -o "$BIN/report" ./bench/cmd/report
go build -o "$BIN/chi" ./bench/servers/chi
go build -o "$BIN/egg" ./bench/servers/egg

# wrk prints its usual report, then this one machine-readable line.
LUA=$TMP/summary.lua
cat >"$LUA" <<'LUAEOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKCSV %d %d %.1f %.1f %d %d %d %d %d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
LUAEOF

# ------------------------------------------------------------------- run

RAW=$TMP/raw.csv
echo "rep,order,server,route,attempt,kept,noisy,startup_ms,requests,duration_us,p50_us,p99_us,errors_connect,errors_read,errors_write,errors_status,errors_timeout,cpu_ticks,wrk_ticks,sys_busy_ticks,sys_total_ticks,idle_busy_pct,clk_tck,ncpu,rss_kb" >"$RAW"

PORT=$BASE_PORT
SERVER_PID=
STARTUP_MS=
COOKIE=

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
  egg-*)
    # Scratch working directory and run dir, so nothing lands in the repo;
    # no drain delay on SIGTERM (HEALTH_DRAIN_DELAY) between runs.
    dir=$TMP/egg-base-$rep-$name
    mkdir -p "$dir"
    envs=("ADDR=127.0.0.1:$port" EGG_SERVER_ENV=prod "EGG_RUN_DIR=$dir/run" HEALTH_DRAIN_DELAY=0s
      "EGG_BENCH_CONFIG=${name#egg-}")
    cmd=("$BIN/egg")
    ;;
  eggjs-*)
    dir=$ROOT/bench/eggjs
    envs=("PORT=$port" "WORKERS=$EGGJS_WORKERS" EGG_SERVER_ENV=prod NODE_ENV=production
      "EGG_BENCH_CONFIG=${name#eggjs-}" "EGG_BENCH_TMPDIR=$TMP/eggjs-$rep-$name")
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

# sign_in TAG: signs PAGE_USER in (GET /login?user=), loads the page once
# as a browser would (keeping the cookies it sets), checks it equals
# bench/testdata/page.golden.html byte for byte, and sets COOKIE to the
# Cookie header wrk sends.
sign_in() {
  local tag=$1 jar=$TMP/$1.cookies page=$LOGS/$1.page.html
  curl -sS -f -o /dev/null -c "$jar" "$URL_BASE/login?user=$PAGE_USER" || die "$tag: GET /login failed"
  curl -sS -f -o "$page" -b "$jar" -c "$jar" "$URL_BASE/page" || die "$tag: GET /page failed"
  cmp -s "$page" "$GOLDEN" || die "$tag: GET /page is not bench/testdata/page.golden.html: diff $page $GOLDEN"
  # Netscape cookie file: domain, flag, path, secure, expiry, name, value;
  # HttpOnly cookies are written with a "#HttpOnly_" prefix.
  COOKIE=$(awk -F'\t' 'NF >= 7 && ($1 !~ /^#/ || $1 ~ /^#HttpOnly_/) { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar")
  [[ -n $COOKIE ]] || die "$tag: GET /login set no cookie"
}

# run_wrk SECONDS URL OUT: one wrk run, full report in OUT; with the
# session cookie on /page.
run_wrk() {
  local -a hdr=()
  if [[ $2 == */page ]]; then
    hdr=(-H "Cookie: $COOKIE")
  fi
  wrk -t"$THREADS" -c"$CONNS" -d"$1s" --latency -s "$LUA" "${hdr[@]}" "$2" >"$3" 2>&1 ||
    die "wrk failed against $2: $(tail -n 5 "$3")"
}

# measure REP ORDER NAME ROUTE: warm-up, idle check, then the measured run,
# redone while neighbours were too busy during it; one raw.csv row per
# attempt.
measure() {
  local rep=$1 order=$2 name=$3 route=$4 tag attempt noisy kept
  local cpu0 cpu1 w0 w1 sb0 st0 sb1 st1 rss summary requests duration_us p50 p99
  local e_conn e_read e_write e_status e_timeout others neigh errs rps
  tag=$rep-$name-${route//\//_}
  if ((WARMUP > 0)); then
    run_wrk "$WARMUP" "$URL_BASE$route" "$LOGS/$tag.warmup.txt"
  fi
  for ((attempt = 1; attempt <= RETRIES + 1; attempt++)); do
    wait_idle
    cpu0=$(tree_cpu_ticks "$SERVER_PID")
    children_ticks
    w0=$CHILD_TICKS
    sys_ticks
    sb0=$SYS_BUSY st0=$SYS_TOTAL
    run_wrk "$DURATION" "$URL_BASE$route" "$LOGS/$tag.$attempt.wrk.txt"
    sys_ticks
    sb1=$SYS_BUSY st1=$SYS_TOTAL
    children_ticks
    w1=$CHILD_TICKS
    cpu1=$(tree_cpu_ticks "$SERVER_PID")
    rss=$(tree_rss_kb "$SERVER_PID")
    proc_alive "$SERVER_PID" || die "$name (pid $SERVER_PID) died during the run on $route"
    summary=$(grep '^WRKCSV ' "$LOGS/$tag.$attempt.wrk.txt") || die "no summary line in $LOGS/$tag.$attempt.wrk.txt"
    read -r _ requests duration_us p50 p99 e_conn e_read e_write e_status e_timeout <<<"$summary"
    ((requests > 0)) || die "$name answered no request on $route (see $LOGS/$tag.$attempt.wrk.txt)"
    # Neighbours: the machine's busy ticks minus the server's and wrk's.
    others=$(((sb1 - sb0) - (cpu1 - cpu0) - (w1 - w0)))
    ((others >= 0)) || others=0
    neigh=$((others * 1000 / ((st1 - st0) > 0 ? (st1 - st0) : 1))) # per mille
    noisy=0
    kept=1
    if ((neigh > MAX_NEIGHBOUR * 10)); then
      if ((attempt <= RETRIES)); then
        kept=0
      else
        noisy=1
      fi
    fi
    echo "$rep,$order,$name,$route,$attempt,$kept,$noisy,$STARTUP_MS,$requests,$duration_us,$p50,$p99,$e_conn,$e_read,$e_write,$e_status,$e_timeout,$((cpu1 - cpu0)),$((w1 - w0)),$((sb1 - sb0)),$((st1 - st0)),$IDLE_BUSY,$CLK_TCK,$NCPU,$rss" >>"$RAW"
    errs=$((e_conn + e_read + e_write + e_status + e_timeout))
    rps=$((requests * 1000000 / duration_us))
    log "  GET $route: $(((cpu1 - cpu0) * 1000000 / CLK_TCK / requests)) µs CPU/req, $rps req/s, RSS $((rss / 1024)) MB, $errs errors; neighbours $((neigh / 10)).$((neigh % 10))%$( ((kept)) || echo ": discarded, redoing")$( ((noisy == 0)) || echo ": kept as noisy (RETRIES used up)")"
    ((kept)) && break
  done
}

n=0
total=$((REPS * ${#SERVER_LIST[@]}))
for ((rep = 1; rep <= REPS; rep++)); do
  # Rotate the order each repetition, so no server always runs first (on a
  # cold machine) or right after a particular other one.
  order=()
  for ((i = 0; i < ${#SERVER_LIST[@]}; i++)); do
    order+=("${SERVER_LIST[(i + rep - 1) % ${#SERVER_LIST[@]}]}")
  done
  pos=0
  for name in "${order[@]}"; do
    n=$((n + 1))
    pos=$((pos + 1))
    wait_idle
    start_server "$rep" "$name"
    log "rep $rep/$REPS, $name ($n/$total): pid $SERVER_PID on $URL_BASE, first 200 OK after ${STARTUP_MS} ms"
    if [[ $name == *-default ]]; then
      sign_in "$rep-$name"
    fi
    for route in $(routes "$name"); do
      measure "$rep" "$pos" "$name" "$route"
    done
    stop_current
  done
done

# ----------------------------------------------------------------- report

mkdir -p "$RESULTS"
cp "$RAW" "$RESULTS/raw.csv"

cpu_model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n1)
[[ -n $cpu_model ]] || cpu_model=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
read -r _ _ go_version _ < <(go version)
node_version=$(node --version 2>/dev/null || echo "none")
read -r _ wrk_version _ < <(wrk -v 2>&1 || true)
machine="$NCPU CPUs, ${cpu_model:-unknown CPU}, Linux $(uname -r), $go_version, node $node_version, wrk $wrk_version"
settings="wrk -t$THREADS -c$CONNS -d${DURATION}s --latency per route, ${WARMUP}s warm-up per route, $REPS repetition(s) in rotating order, servers one at a time on 127.0.0.1, Egg.js with $EGGJS_WORKERS app worker(s); idle check ≤ ${MAX_BUSY}% busy, runs with neighbours > ${MAX_NEIGHBOUR}% redone up to $RETRIES times"

"$BIN/report" -raw "$RESULTS/raw.csv" -md "$RESULTS/results.md" \
  -gp "$TMP/chart.gp" -png "$RESULTS/chart.png" \
  -date "$(date -u '+%Y-%m-%d %H:%M UTC')" -machine "$machine" \
  -command "$COMMAND" -settings "$settings"
if ! gnuplot -e 'set terminal pngcairo' >/dev/null 2>&1; then
  sed -i 's/^set terminal pngcairo/set terminal png/' "$TMP/chart.gp"
fi
gnuplot "$TMP/chart.gp"
log "wrote $RESULTS/results.md, $RESULTS/raw.csv and $RESULTS/chart.png"
