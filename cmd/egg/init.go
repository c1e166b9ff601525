package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// initOptions is what `egg init` was asked to do.
type initOptions struct {
	dir        string
	template   string
	module     string
	name       string
	force      bool
	replace    string
	eggVersion string
}

// runInit is `egg init`.
func runInit(args []string, stdout, stderr io.Writer) int {
	opts, err := parseInit(args)
	if errors.Is(err, flag.ErrHelp) {
		initUsage(stdout)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "egg init: %v\n", err)
		return 2
	}
	data, err := opts.appData()
	if err != nil {
		fmt.Fprintf(stderr, "egg init: %v\n", err)
		return 2
	}
	if err := checkTarget(opts.dir, opts.force); err != nil {
		fmt.Fprintf(stderr, "egg init: %v\n", err)
		return 1
	}
	files, err := generate(opts.dir, opts.template, data)
	if err != nil {
		fmt.Fprintf(stderr, "egg init: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "created %s app %q (module %s) in %s: %d files\n\n", opts.template, data.Name, data.Module, opts.dir, len(files))
	fmt.Fprintf(stdout, "next:\n  cd %s\n  go mod tidy      # resolves the dependencies and writes go.sum\n  go run .         # serves on http://127.0.0.1:7001\n  go test ./...\n", opts.dir)
	return 0
}

// parseInit reads the flags and the one DIR argument, in any order
// (`egg init shop --template api` works as well as the flags first).
func parseInit(args []string) (initOptions, error) {
	var o initOptions
	fs := flag.NewFlagSet("init", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.template, "template", "simple", "")
	fs.StringVar(&o.module, "module", "", "")
	fs.StringVar(&o.name, "name", "", "")
	fs.BoolVar(&o.force, "force", false, "")
	fs.StringVar(&o.replace, "replace", "", "")
	fs.StringVar(&o.eggVersion, "egg-version", eggVersionForApps(), "")
	var dirs []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return o, err
			}
			return o, fmt.Errorf("%v; see `egg help init`", err)
		}
		if fs.NArg() == 0 {
			break
		}
		dirs, args = append(dirs, fs.Arg(0)), fs.Args()[1:]
	}
	switch len(dirs) {
	case 0:
		return o, errors.New("missing DIR, the directory to create the app in; usage: egg init [--template " +
			strings.Join(templateNames(), "|") + "] DIR")
	case 1:
		o.dir = filepath.Clean(dirs[0])
	default:
		return o, fmt.Errorf("one DIR expected, got %d (%s); quote a path with spaces", len(dirs), strings.Join(dirs, ", "))
	}
	if findTemplate(o.template) == nil {
		return o, fmt.Errorf("unknown template %q; choose one of: %s", o.template, strings.Join(templateNames(), ", "))
	}
	return o, nil
}

// appData derives the template data: module path, app name and env prefix
// from DIR unless given, the egg version, and an absolute replace path.
func (o initOptions) appData() (appData, error) {
	abs, err := filepath.Abs(o.dir)
	if err != nil {
		return appData{}, fmt.Errorf("cannot resolve DIR %q: %w", o.dir, err)
	}
	base := filepath.Base(abs)
	d := appData{Module: o.module, Name: o.name, EggVersion: o.eggVersion, GoVersion: goDirective,
		Template: o.template, ToolVersion: buildVersion()}
	if d.Name == "" {
		d.Name = appName(base)
		if d.Name == "" {
			return d, fmt.Errorf("cannot make an app name from the directory name %q; pass --name, e.g. --name shop", base)
		}
	} else if appName(d.Name) != d.Name {
		return d, fmt.Errorf("--name %q: an app name is lower-case letters, digits and '-', starting with a letter, e.g. %q",
			d.Name, cmp.Or(appName(d.Name), "shop"))
	}
	if d.Module == "" {
		d.Module = d.Name
	}
	if err := checkModulePath(d.Module); err != nil {
		return d, fmt.Errorf("--module %q: %v", d.Module, err)
	}
	if !releasedVersion(d.EggVersion) {
		return d, fmt.Errorf("--egg-version %q: give a module version such as %s", d.EggVersion, defaultEggVersion)
	}
	d.EnvPrefix = envPrefix(d.Name)
	if o.replace != "" {
		if d.Replace, err = checkReplace(o.replace); err != nil {
			return d, err
		}
	}
	return d, nil
}

// appName turns a directory name into an egg app name: lower case, runs
// of other characters as one '-', starting with a letter. "" if nothing
// is left.
func appName(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', b.Len() > 0 && r >= '0' && r <= '9':
			if dash {
				b.WriteByte('-')
				dash = false
			}
			b.WriteRune(r)
		case b.Len() > 0:
			dash = true
		}
	}
	return b.String()
}

// envPrefix is the app config's environment variable prefix: the app name
// in upper case, '-' as '_', plus '_' ("my-shop" reads MY_SHOP_GREETING).
func envPrefix(name string) string {
	return strings.ToUpper(strings.ReplaceAll(name, "-", "_")) + "_"
}

// checkModulePath checks a go.mod module path: slash-separated elements of
// letters, digits and "-._~", none empty, "." or "..", nor starting with '.'.
func checkModulePath(p string) error {
	if p == "" {
		return errors.New("empty module path")
	}
	for _, el := range strings.Split(p, "/") {
		if el == "" || el[0] == '.' || strings.HasSuffix(el, ".") {
			return fmt.Errorf("path element %q is empty or begins or ends with '.'; use e.g. example.com/shop", el)
		}
		for _, r := range el {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-._~", r)) {
				return fmt.Errorf("character %q is not allowed in a module path; use letters, digits and -._~ between slashes", r)
			}
		}
	}
	return nil
}

// checkReplace resolves the --replace path and checks that it holds egg.
func checkReplace(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", fmt.Errorf("--replace %q: %v", p, err)
	}
	gomod, err := os.ReadFile(filepath.Join(abs, "go.mod"))
	if err != nil {
		return "", fmt.Errorf("--replace %q: no go.mod there (%v); point it at a checkout of %s", p, err, eggModule)
	}
	first, _, _ := strings.Cut(string(gomod), "\n")
	if strings.TrimSpace(first) != "module "+eggModule {
		return "", fmt.Errorf("--replace %q: its go.mod declares %q, not module %s; point it at a checkout of egg", p, strings.TrimSpace(first), eggModule)
	}
	return filepath.ToSlash(abs), nil
}

// checkTarget refuses a DIR that is a file, or a non-empty one without
// force.
func checkTarget(dir string, force bool) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		if fi, serr := os.Stat(dir); serr == nil && !fi.IsDir() {
			return fmt.Errorf("%s is a file, not a directory; choose a new directory for the app", dir)
		}
		return fmt.Errorf("cannot read %s: %v", dir, err)
	case len(entries) > 0 && !force:
		names := make([]string, 0, 3)
		for _, e := range entries[:min(3, len(entries))] {
			names = append(names, e.Name())
		}
		more := ""
		if len(entries) > 3 {
			more = fmt.Sprintf(" and %d more", len(entries)-3)
		}
		return fmt.Errorf("directory %s is not empty (it has %s%s); choose a new directory, or pass --force to write the app's files into it, replacing those of the same names",
			dir, strings.Join(names, ", "), more)
	}
	return nil
}
