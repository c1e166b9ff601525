package egg

// BytesWritten returns how many body bytes the response has sent so far:
// what reached egg's own response writer, so behind a compressing
// middleware it is the compressed size. Bytes written after a hijack are
// not counted. Access logs read it in App.OnResponse.
func (c *Ctx) BytesWritten() int64 { return c.rw.bytes }
