//go:build unix && !linux

package egg

// readProc reads a process with ps(1): macOS and the BSDs have no /proc.
func readProc(pid int) (procInfo, error) { return readProcPS(pid) }
