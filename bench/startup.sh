#!/usr/bin/env bash
# startup.sh: start-up over the wire only (exec to the first 200 OK on
# /hello, through bench/cmd/firstreq), for the Go servers of compare.sh,
# many starts each in rotating order; prints median, min and max per server
# and the median as a multiple of chi's.
#
#   bash bench/startup.sh                        # chi, egg-minimal, egg-default, 21 starts each
#   N=41 bash bench/startup.sh
#   SERVERS="chi egg-default old=/tmp/egg-old:default" bash bench/startup.sh
#
# A server is chi, egg-minimal, egg-default, or NAME=BINARY:CONFIG for an
# egg server binary built elsewhere (e.g. from an older commit) run with
# EGG_BENCH_CONFIG=CONFIG. Each start runs in a fresh scratch directory with
# the environment compare.sh gives (prod env, HEALTH_DRAIN_DELAY=0s); the
# server is stopped with SIGTERM (SIGKILL after 10 s) and waited for before
# the next start. The 1-minute load average is printed per round: on a
# shared machine, read the medians, not the minimums.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-21}
SERVERS=${SERVERS:-"chi egg-minimal egg-default"}
BASE_PORT=${BASE_PORT:-7301}
TMP=$(mktemp -d /tmp/egg-startup.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

cd "$ROOT"
go build -o "$TMP/firstreq" ./bench/cmd/firstreq
go build -o "$TMP/chi" ./bench/servers/chi
go build -o "$TMP/egg" ./bench/servers/egg

read -r -a names <<<"$SERVERS"
declare -A bin cfg
for s in "${names[@]}"; do
  case $s in
  chi) bin[$s]=$TMP/chi cfg[$s]= ;;
  egg-minimal | egg-default) bin[$s]=$TMP/egg cfg[$s]=${s#egg-} ;;
  *=*:*)
    spec=${s#*=}
    bin[$s]=${spec%:*} cfg[$s]=${spec##*:}
    ;;
  *)
    echo "startup.sh: unknown server $s" >&2
    exit 2
    ;;
  esac
done

# alive PID: the process exists and is not a zombie (the servers are not
# this shell's children: firstreq started them and has exited).
alive() {
  local st
  st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ -n $st && $st != Z ]]
}

port=$BASE_PORT
declare -A times
for ((rep = 0; rep < N; rep++)); do
  k=${#names[@]}
  printf 'round %d (load %s):' "$((rep + 1))" "$(cut -d' ' -f1 /proc/loadavg)"
  for ((i = 0; i < k; i++)); do
    s=${names[$(((i + rep) % k))]}
    dir=$TMP/run-$rep-$i
    mkdir -p "$dir"
    port=$((port + 1))
    envs=("ADDR=127.0.0.1:$port" EGG_SERVER_ENV=prod "EGG_RUN_DIR=$dir/run" HEALTH_DRAIN_DELAY=0s)
    if [[ -n ${cfg[$s]} ]]; then
      envs+=("EGG_BENCH_CONFIG=${cfg[$s]}")
    fi
    out=$(env "${envs[@]}" "$TMP/firstreq" -url "http://127.0.0.1:$port/hello" -log "$dir/log" \
      -dir "$dir" -timeout 30s -- "${bin[$s]}")
    read -r pid ms <<<"$out"
    kill -TERM "$pid"
    w=0
    while alive "$pid" && ((w++ < 1000)); do
      sleep 0.01
    done
    if alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
    times[$s]+="$ms "
    printf ' %s %s' "${s%%=*}" "$ms"
  done
  echo
done

echo
printf '%-16s %8s %8s %8s %8s\n' server median min max "x chi"
chi_med=
for s in "${names[@]}"; do
  read -r med min max < <(tr ' ' '\n' <<<"${times[$s]}" | grep . | sort -g |
    awk '{v[NR]=$1} END {m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2; print m, v[1], v[NR]}')
  if [[ $s == chi ]]; then chi_med=$med; fi
  ratio=-
  if [[ -n $chi_med ]]; then ratio=$(awk -v a="$med" -v b="$chi_med" 'BEGIN {printf "%.2f", a/b}'); fi
  printf '%-16s %8s %8s %8s %8s\n' "${s%%=*}" "$med" "$min" "$max" "$ratio"
done
