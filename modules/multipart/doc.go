// Package multipart reads file uploads the way Egg.js's egg-multipart
// does, with Egg's limits, and fails loudly where Egg truncated silently.
//
// Parser, Reader and Part depend only on the standard library and work
// without egg. Module gives an egg app Parts (stream mode) and Save (file
// mode) as functions of the request's Ctx, and WithLimits for per-route
// limits.
//
// # Stream mode: Parts
//
// Iterate over the parts; files are read from the connection as the
// handler reads them, never buffered:
//
//	func upload(c *egg.Ctx) error {
//		for part, err := range multipart.Parts(c) {
//			if err != nil {
//				return err
//			}
//			if !part.IsFile() {
//				continue // part.FieldName, part.Value()
//			}
//			if _, err := io.Copy(storage(part.FileName), part); err != nil {
//				return err // a 413 when the file is over FileSize
//			}
//		}
//		return c.NoContent(204)
//	}
//
// # File mode: Save
//
// Read everything at once; files land in a directory of their own under
// Config.TempDir, removed with all its files when the request ends
// (through egg's response event, so after errors and panics too):
//
//	form, err := multipart.Save(c)
//	if err != nil {
//		return err
//	}
//	f := form.File("avatar") // f.Filename, f.Size, f.Path, f.Open()
//	title := form.Value("title")
//
// # Limits
//
// Egg's defaults: FileSize 10 MiB, Files 10, Fields 10, FieldSize 100 KiB,
// FieldNameSize 100 bytes, and egg-multipart's extension whitelist
// (DefaultWhitelist). Change them for the app with Config (env
// MULTIPART_*), for some routes with WithLimits, or for one call with a
// Limits argument to Parts or Save.
//
// Every limit is enforced by reading at most one byte past it, and
// exceeding it is an error, never a shortened file or value: a file is
// read through a counter that fails at FileSize+1 bytes, a field through
// io.LimitReader(FieldSize+1). The whole body is also capped at what the
// limits allow together (plus 16 KiB per part for headers) with
// http.MaxBytesReader, and refused at once when Content-Length says more.
// A body that ends early (a client that declared more than it sent, or a
// connection cut) is a 400, never a complete-looking file.
//
// # Errors
//
// Every client mistake is an *Error (an *egg.Error under egg) with a 4xx
// status. The 413 codes are Egg's:
//
//	413 Request_fileSize_limit       a file over FileSize
//	413 Request_files_limit          more than Files files
//	413 Request_fields_limit         more than Fields fields
//	413 Request_fieldSize_limit      a field value over FieldSize
//	413 Request_fieldNameSize_limit  a field name over FieldNameSize
//	413 Request_body_limit           a body larger than all limits allow together
//	400 invalid_filename             an extension outside the whitelist ("Invalid filename: x.exe ...")
//	400 invalid_multipart            malformed body, boundary or part headers, or a body cut short
//	415 unsupported_media_type       the request is not multipart/*
//
// Each message names the limit and its value.
package multipart
