package egg

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"time"

	"go.uber.org/fx"
)

// startFlags are start's own flags (Egg's egg-scripts start).
type startFlags struct {
	fs           *flag.FlagSet
	title        string
	daemon       bool
	stdout       string
	stderr       string
	httpsCert    string
	httpsKey     string
	workers      int
	ignoreStderr bool
	timeout      msDuration
}

// defaultStartTimeout is how long start --daemon waits for the app to be
// ready (Egg's 300 s). The app's own egg.StartTimeout fails it sooner.
const defaultStartTimeout = 300 * time.Second

func addStartFlags(fs *flag.FlagSet) *startFlags {
	f := &startFlags{fs: fs, timeout: msDuration(defaultStartTimeout)}
	fs.StringVar(&f.title, "title", "", "")
	fs.BoolVar(&f.daemon, "daemon", false, "")
	fs.StringVar(&f.stdout, "stdout", "", "")
	fs.StringVar(&f.stderr, "stderr", "", "")
	for _, name := range []string{"https-cert", "https.cert"} { // ours, Egg's
		fs.StringVar(&f.httpsCert, name, "", "")
	}
	for _, name := range []string{"https-key", "https.key"} {
		fs.StringVar(&f.httpsKey, name, "", "")
	}
	fs.IntVar(&f.workers, "workers", 0, "")
	fs.BoolVar(&f.ignoreStderr, "ignore-stderr", false, "")
	fs.Var(&f.timeout, "timeout", "")
	return f
}

// options turns the HTTPS flags into config (flag layer), and makes 8443
// the default port when HTTPS comes from the flags or EGG_HTTPS_CERT. It
// works on a nil receiver (the other subcommands: only the variable).
func (f *startFlags) options(portGiven bool) []fx.Option {
	var opts []fx.Option
	byFlags := f != nil && (f.httpsCert != "" || f.httpsKey != "")
	if byFlags {
		cert, key := f.httpsCert, f.httpsKey
		opts = append(opts, newSetting("--https-cert/--https-key", func(p *plan) {
			p.flags = append(p.flags, &configPatch{typ: reflect.TypeFor[HTTPSConfig](), kind: layerFlag, label: "flag --https-cert/--https-key",
				apply: func(v any) {
					c := v.(*HTTPSConfig)
					c.CertFile, c.KeyFile = cert, key
				}})
		}))
	}
	if portGiven {
		return opts
	}
	return append(opts, newSetting("egg.Run HTTPS port", func(p *plan) {
		if !byFlags && lookupEnv(p.environ(), "EGG_HTTPS_CERT") == "" {
			return
		}
		// the kernel's own default layer: PORT and the app's Configure still win
		p.patches = append(p.patches, &configPatch{typ: reflect.TypeFor[ServerConfig](), kind: layerModule, mod: p.kernel,
			label: "default with HTTPS (module egg)", apply: func(v any) { v.(*ServerConfig).Port = httpsPort }})
	}))
}

// childArgs are the flags the user gave, for the background process
// start --daemon runs, with the title made explicit (stop recognises the
// process by it) and the flags only the foreground process reads left out.
func (f *startFlags) childArgs(title string) []string {
	args := []string{"start"}
	f.fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "title", "stdout", "stderr", "workers", "ignore-stderr", "timeout":
			return
		}
		args = append(args, "--"+fl.Name+"="+fl.Value.String())
	})
	return append(args, "--title="+title)
}

// msDuration is a flag value: a Go duration ("30s") or, as Egg's
// scripts take it, a whole number of milliseconds.
type msDuration time.Duration

func (d *msDuration) String() string { return time.Duration(*d).String() }

func (d *msDuration) Set(s string) error {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n >= 0 {
		*d = msDuration(time.Duration(n) * time.Millisecond)
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return fmt.Errorf("%q is not a duration; use e.g. 30s or 2m, or milliseconds as Egg's (30000)", s)
	}
	*d = msDuration(v)
	return nil
}

// runStart is the start subcommand: in the foreground, as the background
// process of start --daemon, or as the command that starts that process.
func runStart(stdout, stderr io.Writer, sig <-chan os.Signal, opts []fx.Option, f *startFlags) int {
	if f.title != "" {
		if err := checkTitle(f.title); err != nil {
			fmt.Fprintln(stderr, err)
			return 2
		}
	}
	var pipe *readyPipe
	isChild := false
	if f.daemon {
		pipe, isChild = childReadyPipe()
	}
	if !isChild {
		if (f.stdout != "" || f.stderr != "") && !f.daemon {
			fmt.Fprintln(stderr, "egg: --stdout and --stderr apply with --daemon; in the foreground the app writes to this terminal (redirect it with > and 2>)")
			return 2
		}
		if f.workers != 0 {
			fmt.Fprintf(stderr, "egg: --workers %d ignored: egg runs one process, and one Go process uses every CPU core "+
				"(GOMAXPROCS is %d here, following the container's CPU limit); to scale out, run more instances behind a balancer\n",
				f.workers, runtime.GOMAXPROCS(0))
		}
		if f.ignoreStderr {
			fmt.Fprintln(stderr, "egg: --ignore-stderr has no effect: start fails only when the app does not become ready, whatever it writes to stderr (where it logs)")
		}
		if f.daemon {
			return daemonize(stdout, stderr, sig, opts, f)
		}
	}
	return serve(stderr, sig, opts, f.title, pipe)
}

// serve starts the app, keeps its pid file while it runs and stops it on
// the first signal; a second signal forces exit. pipe (nil in the
// foreground) learns whether the app became ready.
func serve(stderr io.Writer, sig <-chan os.Signal, opts []fx.Option, title string, pipe *readyPipe) int {
	failed := func(err error) int {
		fmt.Fprintln(stderr, err)
		pipe.fail(err)
		return 1
	}
	app, err := New(opts...)
	if err != nil {
		return failed(err)
	}
	chosen := title != ""
	if !chosen {
		title = defaultTitle(app.Name())
	}
	pidPath := filepath.Join(app.runDir(ConfigOf[AppConfig](app.configs).RunDir), title+".pid")
	pf, err := claimPIDFile(pidPath, title, title == defaultTitle(app.Name()), stderr)
	switch {
	case err != nil && (pipe != nil || chosen):
		return failed(err) // a daemon, or a title the user chose: one process per title
	case err != nil:
		// a plain foreground start (systemd, a container, a second instance on
		// another port from the same directory) keeps serving; only stop by
		// title cannot reach it
		fmt.Fprintf(stderr, "%v\negg: serving without a pid file; stop this process with a signal\n", err)
	default:
		defer pf.remove()
	}
	if err := app.Start(context.Background()); err != nil {
		return failed(err)
	}
	pipe.ready(app.scheme()+"://"+displayAddr(app.Addr(), ConfigOf[ServerConfig](app.configs).Host), pidPath)
	s := <-sig
	app.CoreLogger().Info("stopping: in-flight requests may finish", "signal", s.String(),
		"timeout", ConfigOf[ServerConfig](app.configs).ShutdownTimeout)
	done := make(chan error, 1)
	go func() { done <- app.Stop(context.Background()) }()
	select {
	case err := <-done:
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		return 0
	case s := <-sig:
		fmt.Fprintf(stderr, "egg: second signal (%s): exiting without waiting\n", s)
		return 1
	}
}

// appInfo is what start --daemon and stop need to know of an app without
// building it: its name, base dir and run dir.
type appInfo struct {
	name, baseDir, runDir string
}

// appInfoOf reads the options and the config (before any ConfigWillLoad
// hook) as the printing subcommands do: invalid fields do not matter here.
func appInfoOf(opts []fx.Option) (appInfo, error) {
	k, err := assemble(append([]fx.Option{newSetting("egg.inspect", func(p *plan) { p.inspect = true })}, opts...))
	if err != nil {
		return appInfo{}, err
	}
	return appInfo{name: k.plan.name, baseDir: k.app.baseDir, runDir: k.app.runDir(ConfigOf[AppConfig](k.app.configs).RunDir)}, nil
}
