package socketio

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// ClientScript is egg's small browser client for Socket.IO, served at
// <Config.Path>socket.io.js when Config.ServeClient is on and
// Config.ClientDir is empty: a global io(nsp, {auth, path, query,
// reconnection}) with on, once, off, emit (with acknowledgements),
// timeout(ms).emit, emitWithAck, connect and disconnect, over a
// WebSocket. It exists so a page works with no internet access without
// shipping third-party code; pages that need long-polling or binary
// attachments serve the npm socket.io-client through Config.ClientDir.
//
//go:embed client/socket.io.js
var ClientScript []byte

// clientFiles are the names of socket.io-client's dist files that
// ClientDir may hold.
var clientFiles = map[string]string{
	"socket.io.js":             "text/javascript; charset=utf-8",
	"socket.io.min.js":         "text/javascript; charset=utf-8",
	"socket.io.esm.min.js":     "text/javascript; charset=utf-8",
	"socket.io.msgpack.min.js": "text/javascript; charset=utf-8",
	"socket.io.js.map":         "application/json; charset=utf-8",
	"socket.io.min.js.map":     "application/json; charset=utf-8",
	"socket.io.esm.min.js.map": "application/json; charset=utf-8",
}

// clientHandler serves the client script; nil when ServeClient is off.
type clientHandler struct {
	dir    string
	prefix string
	etag   string
	start  time.Time
}

func newClientHandler(cfg Config) *clientHandler {
	if !cfg.ServeClient {
		return nil
	}
	sum := sha256.Sum256(ClientScript)
	return &clientHandler{dir: cfg.ClientDir, prefix: cfg.Path, etag: `"` + hex.EncodeToString(sum[:8]) + `"`, start: time.Now()}
}

// serveClient answers a GET or HEAD for one of the client files and
// reports whether it did.
func (s *Server) serveClient(w http.ResponseWriter, r *http.Request) bool {
	h := s.client
	if h == nil || (r.Method != http.MethodGet && r.Method != http.MethodHead) || !strings.HasPrefix(r.URL.Path, h.prefix) {
		return false
	}
	name := strings.TrimPrefix(r.URL.Path, h.prefix)
	ctype, ok := clientFiles[name]
	if !ok {
		return false
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "public, max-age=0")
	if h.dir == "" {
		if name != "socket.io.js" {
			return false
		}
		w.Header().Set("ETag", h.etag)
		http.ServeContent(w, r, name, h.start, bytes.NewReader(ClientScript))
		return true
	}
	f, err := os.Open(filepath.Join(h.dir, path.Base(name)))
	if err != nil {
		http.Error(w, "socket.io client file not found; check SOCKETIO_CLIENT_DIR", http.StatusNotFound)
		return true
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		http.Error(w, "socket.io client file not found; check SOCKETIO_CLIENT_DIR", http.StatusNotFound)
		return true
	}
	http.ServeContent(w, r, name, st.ModTime(), f)
	return true
}
