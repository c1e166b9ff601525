package gonja

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/egg-go/egg/modules/view"
	"github.com/nikolalohinski/gonja/v2/exec"
	"github.com/nikolalohinski/gonja/v2/loaders"
)

// loader serves {% extends %}, {% include %} and {% import %} from the
// snapshot the view module's Reloader read, never from the disk: a name is
// relative to the template root (as in Jinja and nunjucks), or to the
// including template when it starts with "./" or "../" (as in nunjucks).
// No name leaves the root.
type loader struct {
	files *view.Files
	tmpls map[string]*exec.Template // every file, parsed; complete before any render
	dir   string                    // directory of the template this loader serves, "." at the root
}

var _ loaders.Loader = (*loader)(nil)

// Resolve implements loaders.Loader.
func (l *loader) Resolve(name string) (string, error) {
	p := strings.TrimPrefix(name, "/")
	if strings.HasPrefix(name, "./") || strings.HasPrefix(name, "../") {
		p = path.Join(l.dir, name)
	}
	p = path.Clean(p)
	if !fs.ValidPath(p) || p == "." {
		return "", fmt.Errorf("template name %q is not under the template root", name)
	}
	if _, ok := l.files.Read(p); !ok {
		return "", fmt.Errorf("template %q not found", p)
	}
	return p, nil
}

// Read implements loaders.Loader.
func (l *loader) Read(name string) (io.Reader, error) {
	p, err := l.Resolve(name)
	if err != nil {
		return nil, err
	}
	b, _ := l.files.Read(p)
	return bytes.NewReader(b), nil
}

// Inherit implements loaders.Loader: the loader for the template name,
// whose relative names start from its directory.
func (l *loader) Inherit(name string) (loaders.Loader, error) {
	if name == "" {
		return &loader{files: l.files, tmpls: l.tmpls, dir: l.dir}, nil
	}
	p, err := l.Resolve(name)
	if err != nil {
		return nil, err
	}
	return &loader{files: l.files, tmpls: l.tmpls, dir: path.Dir(p)}, nil
}
