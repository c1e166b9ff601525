#!/usr/bin/env bash
# Instructions per request of BenchmarkObservability, counted by
# valgrind's callgrind as bench/instructions.sh counts bench/'s own
# benchmarks (same method, same report tool, bench/cmd/instr): each
# variant runs twice, with b.N = N1 and N1 + SPAN, and the difference is
# divided by SPAN. Unlike ns/op the counts hold still on a busy machine.
#
# Usage (from anywhere):
#   bash bench/contrib/instructions.sh
#   VARIANTS="default prometheus" SPAN=100000 bash bench/contrib/instructions.sh
#
# Environment (defaults in brackets):
#   VARIANTS  subbenchmarks of BenchmarkObservability [default prometheus otel otel-unsampled prometheus+otel]
#   SPAN      requests measured per variant [200000]
#   OUT       the Markdown file to write [bench/contrib/results/instructions.md]
#
# Needs go and valgrind. The binary is built with CGO_ENABLED=0 and run
# with GODEBUG=asyncpreemptoff=1, as bench/instructions.sh does.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
VARIANTS=${VARIANTS:-"default prometheus otel otel-unsampled prometheus+otel"}
SPAN=${SPAN:-200000}
OUT=${OUT:-$HERE/results/instructions.md}

log() { printf '[instructions %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}
[[ $SPAN =~ ^[0-9]+$ && $SPAN -ge 1000 ]] || die "SPAN must be a whole number ≥ 1000, got '$SPAN'"
command -v valgrind >/dev/null || die "valgrind is not installed (apt-get install -y valgrind)"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/egg-obs-instr.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

log "building the test binary and bench/cmd/instr into $TMP"
(cd "$HERE" && CGO_ENABLED=0 go test -c -o "$TMP/obs.test" .)
(cd "$ROOT" && go build -o "$TMP/instr" ./bench/cmd/instr)

# run TAG VARIANT N: one callgrind run with b.N = N.
run() {
  local tag=$1 v=$2 n=$3
  (cd "$HERE" && GODEBUG=asyncpreemptoff=1,gctrace=1 valgrind --tool=callgrind --callgrind-out-file="$TMP/$tag.out" \
    "$TMP/obs.test" -test.run '^$' -test.bench "^BenchmarkObservability\$/^${v//+/\\+}\$" -test.benchtime="${n}x" \
    -test.cpu 1 -test.benchmem) >"$TMP/$tag.log" 2>&1 || die "$v with b.N=$n failed: $(tail -n 5 "$TMP/$tag.log")"
  grep -q "^BenchmarkObservability/$v" "$TMP/$tag.log" || die "$v did not run (see $TMP/$tag.log)"
  callgrind_annotate --auto=no --threshold=100 "$TMP/$tag.out" >"$TMP/$tag.ann"
}

ROWS=$TMP/rows.md
"$TMP/instr" -header >"$ROWS"
n1=$((SPAN / 5))
n2=$((n1 + SPAN))
for v in $VARIANTS; do
  tag=${v//+/_}
  log "$v: b.N = $n1 and $n2 under callgrind"
  run "$tag.1" "$v" "$n1"
  run "$tag.2" "$v" "$n2"
  "$TMP/instr" -name "Observability/$v" -n1 "$n1" -n2 "$n2" -ann1 "$TMP/$tag.1.ann" -ann2 "$TMP/$tag.2.ann" \
    -log1 "$TMP/$tag.1.log" -log2 "$TMP/$tag.2.log" | tee -a "$ROWS" >&2
done

read -r _ _ go_version _ < <(go version)
cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mkdir -p "$(dirname "$OUT")"
{
  printf '# BenchmarkObservability: instructions per request (callgrind)\n\n'
  printf 'Written by `bench/contrib/instructions.sh` (see bench/contrib/README.md).\n\n'
  printf -- '- Date: %s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf -- '- Machine: %s CPUs, %s, Linux %s, %s, %s\n' "$(nproc)" "${cpu:-unknown CPU}" "$(uname -r)" "$go_version" "$(valgrind --version)"
  printf -- '- Each row: (Ir at b.N = %s − Ir at b.N = %s) / %s, `-test.cpu 1`\n\n' "$n2" "$n1" "$SPAN"
  cat "$ROWS"
  printf '\nColumns as in bench/results/instructions.md; "egg code" includes the contribs (github.com/egg-go/egg/contrib/...).\n'
} >"$OUT"
log "wrote $OUT"
