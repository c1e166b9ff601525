//go:build !unix

package egg

import (
	"fmt"
	"io"
	"os"

	"go.uber.org/fx"
)

// childReadyPipe: there is no background process outside Unix.
func childReadyPipe() (*readyPipe, bool) { return nil, false }

// daemonize refuses: start --daemon needs a Unix system.
func daemonize(_, stderr io.Writer, _ <-chan os.Signal, _ []fx.Option, _ *startFlags) int {
	fmt.Fprintln(stderr, errProcUnsupported)
	return 1
}
