#!/usr/bin/env bash
# perfstart.sh: where the CPU of a server's start goes, in fresh
# processes. Starts each server N times through bench/cmd/firstreq (exec to
# the first 200 OK on /hello, then SIGTERM) under `perf record -e cpu-clock
# -g`, and splits the samples of the server processes by step (package
# init, egg's plan, fx.New, ...) and by cause (page faults, dig and fx,
# caller stacks, ...): milliseconds of CPU per process, as Markdown.
#
#   bash bench/perfstart.sh                                   # chi, egg-minimal, egg-default
#   SERVERS="egg-default old=/tmp/egg-old:default" bash bench/perfstart.sh
#
# Servers as in bench/startup.sh (chi, egg-minimal, egg-default or
# NAME=BINARY:CONFIG). Needs perf (linux-perf) and python3. CPU per
# process, not wall clock: on 2 cores the GC and the listener's goroutine
# run beside the main one.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-40}
HZ=${HZ:-20000}
SERVERS=${SERVERS:-"chi egg-minimal egg-default"}
PORT=${PORT:-7399}
TMP=$(mktemp -d /tmp/egg-perfstart.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

command -v perf >/dev/null || { echo "perfstart.sh: perf is not installed" >&2; exit 1; }
cd "$ROOT"
go build -o "$TMP/firstreq" ./bench/cmd/firstreq
go build -o "$TMP/chi" ./bench/servers/chi
go build -o "$TMP/egg" ./bench/servers/egg

# starts BIN CONFIG: N starts, each in a scratch directory, stopped and
# waited for before the next
cat >"$TMP/starts.sh" <<'EOF'
#!/usr/bin/env bash
set -euo pipefail
bin=$1 cfg=$2 n=$3 port=$4 tmp=$5
for ((i = 0; i < n; i++)); do
  d=$(mktemp -d "$tmp/run.XXXXXX")
  out=$(cd "$d" && env ADDR=127.0.0.1:$port EGG_SERVER_ENV=prod EGG_RUN_DIR=$d/run HEALTH_DRAIN_DELAY=0s \
    EGG_BENCH_CONFIG=$cfg "$tmp/firstreq" -url "http://127.0.0.1:$port/hello" -log "$d/log" -dir "$d" -- "$bin")
  read -r pid _ <<<"$out"
  kill -TERM "$pid"
  while st=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) && [[ $st != Z ]]; do sleep 0.005; done
  rm -rf "$d"
done
EOF
chmod +x "$TMP/starts.sh"

args=()
for s in $SERVERS; do
  case $s in
  chi) bin=$TMP/chi cfg=x ;;
  egg-minimal | egg-default) bin=$TMP/egg cfg=${s#egg-} ;;
  *=*:*) spec=${s#*=} bin=${spec%:*} cfg=${spec##*:} ;;
  *) echo "perfstart.sh: unknown server $s" >&2; exit 2 ;;
  esac
  name=${s%%=*}
  perf record -q -e cpu-clock -F "$HZ" -g -o "$TMP/$name.data" -- "$TMP/starts.sh" "$bin" "$cfg" "$N" "$PORT" "$TMP" >/dev/null 2>&1
  perf script -i "$TMP/$name.data" -F comm,pid,tid,ip,sym >"$TMP/$name.txt" 2>/dev/null
  args+=("$name=$TMP/$name.txt:$(basename "$bin" | cut -c1-15)")
done

python3 - "$HZ" "${args[@]}" <<'EOF'
import sys, collections
hz = float(sys.argv[1])
runs = []
for arg in sys.argv[2:]:
    label, rest = arg.split('=', 1)
    path, comm = rest.rsplit(':', 1)
    samples, cur = [], None
    for line in open(path, errors='replace'):
        if not line.strip():
            if cur: samples.append(cur)
            cur = None; continue
        if not line.startswith((' ', '\t')):
            parts = line.split(); cur = (parts[0], parts[1].split('/')[0], []); continue
        p = line.strip().split(None, 1); cur[2].append(p[1] if len(p) > 1 else '?')
    if cur: samples.append(cur)
    mine = [s for s in samples if s[0] == comm]
    n = len({s[1] for s in mine}) or 1
    runs.append((label, [s[2] for s in mine], 1000.0 / hz / n, n))

def has(st, *keys):
    return any(any(k in x for k in keys) for x in st)

def step(st):
    if has(st, 'runtime.doInit1'): return 'package init'
    if has(st, 'runtime.schedinit', 'runtime.rt0_go', 'execve', 'load_elf', '_dl_'): return 'exec, dynamic loader, runtime init'
    if has(st, 'egg.assemble', 'egg.Options', 'egg.(*plan).fxOption'): return 'egg: read options, order modules, load configs'
    if has(st, 'go.uber.org/fx.New'): return 'fx.New: provides, invokes, module constructors'
    if has(st, 'egg.claimPIDFile'): return 'egg.Run: pid file'
    if has(st, 'egg.(*App).dumpConfig', 'egg.writeTimings'): return 'after listening: config dump, timing file'
    if has(st, 'egg.(*App).listen', 'net.Listen'): return 'listen'
    if has(st, 'egg.(*App).start', 'lifecycle.(*Lifecycle).Start', 'fx.(*App).Start'): return 'start: boot hooks'
    if has(st, 'net/http.(*conn).serve'): return 'first request'
    if has(st, 'runtime.gcBgMarkWorker', 'runtime.bgsweep', 'runtime.gcAssist'): return 'GC'
    if has(st, 'egg.(*App).stop', 'egg.(*App).Stop', 'lifecycle.(*Lifecycle).Stop', 'os/signal', 'egg.serve.deferwrap'): return '(stop after the first request: not start-up)'
    if has(st, 'main.main', 'apps.Chi'): return 'main: other'
    return 'runtime and kernel: scheduler, stacks, other'

CALLERS = ('github.com/egg-go/egg.caller', 'github.com/egg-go/egg.site.String', 'github.com/egg-go/egg.callerSite')
RULES = [
  ('page faults (first touch of heap, stacks, binary)', lambda st: has(st, 'asm_exc_page_fault')),
  ('dig cycle checks', lambda st: has(st, 'dig/internal/graph')),
  ('seeding math/rand sources (a dig scope each, fx.Annotate too)', lambda st: has(st, 'rngSource')),
  ('fx.Annotate', lambda st: has(st, 'fx.(*annotated)')),
  ('fx event log (built for nobody)', lambda st: has(st, 'fxevent.(*SlogLogger)')),
  ('caller stacks and function names (fx, egg)', lambda st: has(st, 'fxreflect.') or any(x in CALLERS for x in st)),
  ('config dump (JSON, files)', lambda st: has(st, 'egg.(*App).dumpConfig', 'egg.writeTimings')),
  ('config loading (egg, caarlos0/env)', lambda st: has(st, 'egg.loadConfigs', 'caarlos0')),
  ('i18n (go-i18n bundle, messages)', lambda st: has(st, 'egg/modules/i18n')),
  ('view (templates)', lambda st: has(st, 'egg/modules/view')),
  ("other modules' constructors", lambda st: has(st, 'egg/modules/', 'bench/apps')),
  ('dig and fx (provide, invoke, reflection)', lambda st: has(st, 'go.uber.org/dig', 'go.uber.org/fx')),
  ('egg kernel (rest)', lambda st: has(st, 'github.com/egg-go/egg')),
  ('GC', lambda st: has(st, 'runtime.gcBgMarkWorker', 'runtime.gcAssist', 'runtime.bgsweep')),
]
def cause(st):
    for name, f in RULES:
        if f(st): return name
    return 'rest (runtime, libc, kernel)'

for title, fn in [('step', step), ('cause', cause)]:
    tabs = [collections.Counter(fn(st) for st in srv) for _, srv, _, _ in runs]
    keys = sorted(set().union(*tabs), key=lambda k: -max(t[k] * r[2] for t, r in zip(tabs, runs)))
    print(f"| {title}, ms CPU per start | " + " | ".join(f"{l} ({n} starts)" for l, _, _, n in runs) + " |")
    print("|---|" + "---:|" * len(runs))
    for k in keys:
        print(f"| {k} | " + " | ".join(f"{t[k] * r[2]:.2f}" for t, r in zip(tabs, runs)) + " |")
    print("| **total CPU per process** | " + " | ".join(f"**{len(r[1]) * r[2]:.2f}**" for r in runs) + " |")
    print()
EOF
