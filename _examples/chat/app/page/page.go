// Package page serves the chat's page and script, embedded in the binary.
// The page loads the Socket.IO client from this server
// (/socket.io/socket.io.js), so it works with no internet access.
package page

import (
	_ "embed"
	"net/http"

	"github.com/egg-go/egg"
)

//go:embed index.html
var index string

//go:embed chat.js
var script []byte

// Index serves the chat page.
func Index(c *egg.Ctx) error { return c.HTML(http.StatusOK, index) }

// Script serves the page's script.
func Script(c *egg.Ctx) error {
	return c.Blob(http.StatusOK, "text/javascript; charset=utf-8", script)
}
