#!/usr/bin/env bash
# Instructions per operation of the in-process benchmarks, counted by
# valgrind's callgrind: a number that, unlike ns/op, does not move when
# other jobs share the machine. See bench/README.md, "Instruction counts".
#
# For each benchmark it runs the test binary twice under callgrind, with
# b.N = N1 and b.N = N1 + SPAN iterations, and divides the difference by
# SPAN: start-up, the benchmark's setup and its first round cancel out.
# bench/cmd/instr splits the result into the garbage collector's work and
# the rest (the request path) and writes one Markdown row per benchmark.
#
# Usage (from anywhere):
#   bash bench/instructions.sh
#   BENCHES="Create/chi Create/egg" TOP=30 bash bench/instructions.sh
#
# Environment (defaults in brackets):
#   BENCHES  benchmarks, as Group/sub [Hello, JSON and Create for chi, egg
#            and egg-minimal; Page/egg]; Boot/modules=200 works too (per
#            boot; its "request path" column is then the rest of the boot)
#   SCALE    multiplies every SPAN and N1 (more GC cycles averaged) [1]
#   TOP      also list the TOP functions (and 15 packages) per op of each
#            benchmark in OUT's name with -top.md [0: no]
#   OUT      the Markdown file to write [bench/results/instructions.md]
#   KEEP_TMP=1 keep the scratch directory (callgrind files, logs)
#
# Needs go and valgrind (apt-get install -y valgrind). The test binary is
# built with CGO_ENABLED=0 and run with GODEBUG=asyncpreemptoff=1: Go's
# asynchronous preemption signals crash callgrind otherwise.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

BENCHES=${BENCHES:-"Hello/chi Hello/egg Hello/egg-minimal JSON/chi JSON/egg JSON/egg-minimal Create/chi Create/egg Create/egg-minimal Page/egg"}
SCALE=${SCALE:-1}
TOP=${TOP:-0}
OUT=${OUT:-$ROOT/bench/results/instructions.md}
KEEP_TMP=${KEEP_TMP:-0}

log() { printf '[instructions %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

[[ $SCALE =~ ^[0-9]+$ && $SCALE -gt 0 ]] || die "SCALE must be a whole number > 0, got '$SCALE'"
[[ $TOP =~ ^[0-9]+$ ]] || die "TOP must be a whole number, got '$TOP'"
command -v go >/dev/null || die "go is not installed"
command -v valgrind >/dev/null || die "valgrind is not installed (apt-get install -y valgrind)"
command -v callgrind_annotate >/dev/null || die "callgrind_annotate is missing (it comes with valgrind)"

# span GROUP: iterations measured. About 150–200 MB of allocation each, so
# that some 50 GC cycles (at GOGC's 4 MB minimum heap goal) are averaged.
span() {
  case $1 in
  Hello) echo 400000 ;;
  JSON) echo 200000 ;;
  Create) echo 120000 ;;
  Page) echo 200000 ;; # 651 B/op since the page is compiled: ~130 MB, ~70 GC cycles
  Boot) echo 5 ;; # boots, not requests: BENCHES="Boot/modules=200"
  *) echo 100000 ;;
  esac
}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/egg-instr.XXXXXX")
cleanup() {
  local rc=$?
  if ((rc != 0)); then
    log "failed (exit $rc); scratch files kept in $TMP"
  elif ((KEEP_TMP)); then
    log "scratch directory kept: $TMP"
  else
    rm -rf "$TMP"
  fi
}
trap cleanup EXIT

log "building the bench test binary and bench/cmd/instr into $TMP"
CGO_ENABLED=0 go test -c -o "$TMP/bench.test" ./bench/
go build -o "$TMP/instr" ./bench/cmd/instr

TOPFILE=
if ((TOP > 0)); then
  TOPFILE=${OUT%.md}-top.md
  mkdir -p "$(dirname "$TOPFILE")"
  printf '# Top functions per benchmark (self instructions per op)\n\nWritten by `bench/instructions.sh` with TOP=%s; see %s.\n' "$TOP" "$(basename "$OUT")" >"$TOPFILE"
fi

# callgrind RUN BENCH N: one run of BENCH (Group/sub) with b.N = N; writes
# $TMP/RUN.out (callgrind), RUN.ann (annotation) and RUN.log (output).
callgrind() {
  local run=$1 bench=$2 n=$3 group sub
  group=${bench%%/*}
  sub=${bench#*/}
  # The benchmarks read testdata/ relative to bench/.
  (cd "$ROOT/bench" && GODEBUG=asyncpreemptoff=1,gctrace=1 valgrind --tool=callgrind \
    --callgrind-out-file="$TMP/$run.out" "$TMP/bench.test" -test.run '^$' \
    -test.bench "^Benchmark$group\$/^$sub\$" -test.benchtime="${n}x" -test.cpu 1 -test.benchmem) \
    >"$TMP/$run.log" 2>&1 || die "$bench with b.N=$n failed under callgrind: $(tail -n 5 "$TMP/$run.log")"
  grep -q "^Benchmark$group/$sub" "$TMP/$run.log" || die "$bench did not run (see $TMP/$run.log)"
  callgrind_annotate --auto=no --threshold=100 "$TMP/$run.out" >"$TMP/$run.ann"
}

ROWS=$TMP/rows.md
"$TMP/instr" -header >"$ROWS"
for bench in $BENCHES; do
  [[ $bench == */* ]] || die "benchmark '$bench' is not Group/sub, e.g. Hello/egg"
  s=$(($(span "${bench%%/*}") * SCALE))
  n1=$((s / 5 > 2 ? s / 5 : 2)) # b.N = 1 would skip the testing package's second round
  n2=$((n1 + s))
  tag=${bench//\//_}
  log "$bench: b.N = $n1 and $n2 under callgrind"
  callgrind "$tag.1" "$bench" "$n1"
  callgrind "$tag.2" "$bench" "$n2"
  args=(-name "$bench" -n1 "$n1" -n2 "$n2" -ann1 "$TMP/$tag.1.ann" -ann2 "$TMP/$tag.2.ann"
    -log1 "$TMP/$tag.1.log" -log2 "$TMP/$tag.2.log")
  if ((TOP > 0)); then
    args+=(-top "$TOP" -bypkg 15 -topfile "$TOPFILE")
  fi
  "$TMP/instr" "${args[@]}" | tee -a "$ROWS" >&2
done

cpu_model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n1)
[[ -n $cpu_model ]] || cpu_model=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
read -r _ _ go_version _ < <(go version)
mkdir -p "$(dirname "$OUT")"
{
  printf '# Instructions per operation (callgrind)\n\n'
  printf 'Written by `bench/instructions.sh` (see bench/README.md).\n\n'
  printf -- '- Date: %s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf -- '- Machine: %s CPUs, %s, Linux %s, %s, %s\n' "$(nproc)" "${cpu_model:-unknown CPU}" "$(uname -r)" \
    "$go_version" "$(valgrind --version)"
  printf -- '- Command: `%sbash bench/instructions.sh`\n' "$( ((SCALE == 1)) || printf 'SCALE=%s ' "$SCALE")"
  printf -- '- Each row: (Ir at b.N = N1 + SPAN − Ir at b.N = N1) / SPAN, `-test.cpu 1`, SPAN = %s (Hello), %s (JSON), %s (Create), %s (Page)\n\n' \
    "$(($(span Hello) * SCALE))" "$(($(span JSON) * SCALE))" "$(($(span Create) * SCALE))" "$(($(span Page) * SCALE))"
  cat "$ROWS"
  printf '\nGC: marking, mark assists, write barriers and sweeping (the runtime functions bench/cmd/instr lists); '
  printf 'request path: everything else, of which alloc is the allocator (mallocgc and its helpers) and egg code '
  printf "is the self cost of github.com/egg-go/egg's own functions (kernel and modules). "
  printf 'Live heap: after a full collection at the end of the run (the benchmark'"'"'s live-heap-B).\n'
} >"$OUT"
log "wrote $OUT"
