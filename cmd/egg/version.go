package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// eggModule is the module path of egg for Go.
const eggModule = "github.com/egg-go/egg"

// defaultEggVersion is the github.com/egg-go/egg version a generated app
// requires when the tool cannot tell its own: built from a checkout
// (`go run ./cmd/egg`, version "(devel)"). Update it with each release.
// An egg installed with `go install github.com/egg-go/egg/cmd/egg@vX.Y.Z`
// knows it is vX.Y.Z and requires exactly that.
const defaultEggVersion = "v0.1.0"

// goDirective is the go line of a generated go.mod: the same as egg's own
// go.mod (a test keeps the two equal).
const goDirective = "1.25.0"

// buildVersion is the version of the module this binary was built from,
// "(devel)" for a build from a checkout.
func buildVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok || info.Main.Version == "" {
		return "(devel)"
	}
	return info.Main.Version
}

// releasedVersion reports whether v names a version a module proxy can
// serve: a tag or a pseudo-version, not "(devel)" nor one with build
// metadata (a "+dirty" local build).
func releasedVersion(v string) bool {
	return strings.HasPrefix(v, "v") && !strings.Contains(v, "+")
}

// eggVersionForApps is the egg version generated apps require by default.
func eggVersionForApps() string {
	if v := buildVersion(); releasedVersion(v) {
		return v
	}
	return defaultEggVersion
}

// versionLine is what `egg --version` prints.
func versionLine() string {
	return fmt.Sprintf("egg %s (%s, %s/%s); new apps require %s %s",
		buildVersion(), runtime.Version(), runtime.GOOS, runtime.GOARCH, eggModule, eggVersionForApps())
}
