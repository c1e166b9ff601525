package socketio_test

import (
	"os"

	"github.com/zishang520/socket.io/v3/pkg/log"
)

func debugLogs() {
	if os.Getenv("SIO_DEBUG") != "" {
		log.DEBUG.Store(true)
	}
}
