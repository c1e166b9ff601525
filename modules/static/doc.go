// Package static serves static files the way Egg.js's egg-static does:
// every file under app/public answers at /public/<path>, with the caching
// a browser and a CDN need.
//
// Handler depends only on the standard library and works without egg;
// Module adds it to an egg app as the "static" core middleware.
//
// # What a response carries
//
//   - ETag: a strong tag from the file's SHA-256, computed on its first
//     request and cached (an embed.FS has no modification times, so a
//     hash is the only reliable validator). If-None-Match answers 304.
//   - Last-Modified, when the file system has modification times
//     (a directory does, an embed.FS does not); If-Modified-Since works.
//   - Range and If-Range: http.ServeContent answers 206 and 416.
//   - Cache-Control: "no-cache" by default (revalidate, cheap with the
//     ETag), "public, max-age=31536000" in env prod (Config.MaxAge).
//   - Content-Type from the file's extension, or sniffed from its first
//     512 bytes when the extension is unknown.
//
// # Precompressed files
//
// Next to app.css, put app.css.br and/or app.css.gz (made at build time,
// e.g. `brotli -k` and `gzip -k`). A client whose Accept-Encoding accepts
// br gets app.css.br (br is preferred when both are accepted at the same
// q), else gzip gets app.css.gz, else app.css itself; the response keeps
// app.css's Content-Type, sets Content-Encoding, and carries Vary:
// Accept-Encoding so caches keep the representations apart. Each
// representation has its own ETag.
//
// # What falls through
//
// Only GET and HEAD under Config.Prefix are served. Anything else passes
// to the next handler, so an unknown file gets the app's own 404: a
// missing file, a directory (never listed), and any name that could leave
// the root — "..", "." or empty segments, a backslash or NUL — whether
// sent plainly or percent-encoded (%2e%2e, %2f, %5c). With Config.Dir the
// directory is opened as an os.Root, so a symbolic link pointing outside
// it is not followed either.
//
// # Freshness
//
// Without Config.Buffer (local, unittest), each request opens the file; a
// changed size or modification time rehashes it, so edits show at once.
// Siblings (.br, .gz) are looked up when their file is first served or
// changes: after adding one to an unchanged file, touch the file.
// With Buffer (prod), files up to BufferMaxFileSize are read once and then
// served from memory without touching the file system: deploy new files
// with a restart.
package static
