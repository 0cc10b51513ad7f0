package components

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"acctl/model"
)

// HomeSaver saves secrets under a home directory on the machine the console
// runs on: a relative path or "~/" is taken from Dir (the working directory
// means nothing to a person), the file is new (never replaced) and readable
// only by its owner. Local consoles get one; SSH consoles none (R-SRV-5).
type HomeSaver struct{ Dir string }

// Suggest is name in the home directory.
func (h HomeSaver) Suggest(name string) string { return filepath.Join(h.Dir, name) }

// Save writes secret and a newline to a new 0600 file at path.
func (h HomeSaver) Save(path, secret string) (string, error) {
	path = expandHome(path, h.Dir)
	if err := writeNewFile(path, secret+"\n"); err != nil {
		return path, saveError(path, err)
	}
	return path, nil
}

// expandHome resolves what was typed in the save field.
func expandHome(path, home string) string {
	path = strings.TrimSpace(path)
	switch {
	case path == "~":
		return home
	case strings.HasPrefix(path, "~/"):
		return filepath.Join(home, path[2:])
	case !filepath.IsAbs(path) && home != "":
		return filepath.Join(home, path)
	}
	return path
}

// writeNewFile creates path, readable only by its owner, and writes data. It
// never replaces an existing file (O_EXCL); a file it created but could not
// fill is removed.
func writeNewFile(path, data string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = f.WriteString(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// saveError is a failed save as a sentence that says what to do next.
func saveError(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrExist):
		return model.Errorf(model.EINVALID, "%s already exists. Choose another name; acctl never overwrites a file.", path)
	case errors.Is(err, fs.ErrNotExist):
		return model.Errorf(model.EINVALID, "The folder %s does not exist. Create it first, or choose another place.", filepath.Dir(path))
	case errors.Is(err, fs.ErrPermission):
		return model.Errorf(model.EINVALID, "acctl may not write to %s. Choose another place.", path)
	}
	reason := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		reason = pe.Err.Error()
	}
	return model.Errorf(model.EINVALID, "Could not save to %s (%s). Choose another place.", path, reason)
}

// ansiHardwrap cuts s into lines of at most w cells: secrets have no spaces
// to break at, and a key line must wrap at the panel's edge.
func ansiHardwrap(s string, w int) string { return ansi.Hardwrap(s, w, true) }
