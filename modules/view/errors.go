package view

import (
	"errors"
	"fmt"
)

// ErrNotFound is wrapped by the error of a render whose template does not
// exist: errors.Is(err, view.ErrNotFound).
var ErrNotFound = errors.New("template not found")

// NotFound returns the error an engine gives for a template it does not
// have: it names the template and the root (and says when the root itself
// is missing), and wraps ErrNotFound.
func (r *Reloader[T]) NotFound(name string) error {
	if r.RootMissing() {
		return fmt.Errorf("view: template %q not found: the template root %s does not exist: %w; create it, or set VIEW_ROOT",
			name, r.s.Root, ErrNotFound)
	}
	return fmt.Errorf("view: template %q not found in %s: %w; create the file, or fix the name given to view.Render",
		name, r.s.Root, ErrNotFound)
}
