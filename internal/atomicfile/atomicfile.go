// Package atomicfile writes a set of files so that a reader never sees a
// half-written one: each file goes to a temporary name in the same directory
// and is renamed into place only once all of them are complete.
//
// Every write goes through an os.Root opened on the output directory, so no
// name, however it was made, can place a file outside it.
package atomicfile

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/sync/errgroup"
)

// TempPrefix starts the name of every temporary file, so that a leftover
// one can be recognised.
const TempPrefix = ".citypath-"

// WriteAll writes every file in files (slash-separated name inside dir →
// content) into dir, creating dir if needed. If any write fails or ctx is
// cancelled before the files are renamed into place, no file is renamed,
// the temporary files are removed, and so are the directories WriteAll
// created: dir is left as it was. Once renaming starts it is not
// interrupted, since renames cannot be undone.
func WriteAll(ctx context.Context, dir string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		if !filepath.IsLocal(filepath.FromSlash(name)) || strings.Contains(name, `\`) {
			return fmt.Errorf("write %q: not a name inside the output directory", name)
		}
		names = append(names, name)
	}
	sort.Strings(names)
	if err := ctx.Err(); err != nil {
		return err
	}
	w := &writer{temps: map[string]string{}, dirs: map[string]*os.Root{}}
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); !errors.Is(err, fs.ErrNotExist) || filepath.Dir(d) == d {
			break
		}
		w.outside = append(w.outside, d)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create output directory: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		w.cleanup()
		return fmt.Errorf("open output directory: %w", err)
	}
	w.root = root
	defer w.close()
	if err := w.write(ctx, names, files); err != nil {
		w.cleanup()
		return err
	}
	for _, name := range names {
		sub, base := w.dirs[path.Dir(name)], path.Base(name)
		if err := sub.Rename(w.temps[name], base); err != nil {
			w.cleanup()
			return fmt.Errorf("write %s: %w", name, err)
		}
		delete(w.temps, name)
	}
	return nil
}

// writer remembers what WriteAll made, so that a failure can undo it.
type writer struct {
	root    *os.Root
	dirs    map[string]*os.Root // directory inside root → a root opened on it
	outside []string            // dir and the parents WriteAll created, deepest first
	created []string            // directories made inside root, parents first
	temps   map[string]string   // name → temporary file's base name in its directory
}

func (w *writer) write(ctx context.Context, names []string, files map[string][]byte) error {
	// Renames cannot be undone, so refuse targets that could not take a file
	// before anything is written.
	for _, name := range names {
		if st, err := w.root.Stat(name); err == nil && st.IsDir() {
			return fmt.Errorf("write %s: a directory is in the way", name)
		}
	}
	for _, name := range names {
		// Each directory is created once and opened as a root of its own,
		// so that every later operation in it resolves one name rather
		// than walking the whole path again (a pack has hundreds of files).
		dir := path.Dir(name)
		if _, ok := w.dirs[dir]; ok {
			continue
		}
		if err := w.mkdirAll(dir); err != nil {
			return fmt.Errorf("create directory for %s: %w", name, err)
		}
		sub, err := w.root.OpenRoot(dir)
		if err != nil {
			return fmt.Errorf("create directory for %s: %w", name, err)
		}
		w.dirs[dir] = sub
	}
	// Creating a file is a blocking system call that costs far more than
	// writing its bytes on some file systems, so several run at once; but
	// creations in one directory take its lock in turn, and threads
	// waiting for it spin, so each directory's files are created by one
	// goroutine and the directories are shared out.
	temps := make([]string, len(names))
	byDir := map[string][]int{}
	var dirs []string
	for i, name := range names {
		dir := path.Dir(name)
		if _, ok := byDir[dir]; !ok {
			dirs = append(dirs, dir)
		}
		byDir[dir] = append(byDir[dir], i)
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	for _, dir := range dirs {
		g.Go(func() error {
			for _, i := range byDir[dir] {
				if err := gctx.Err(); err != nil {
					return err
				}
				tmp, err := w.create(dir, names[i], files[names[i]])
				temps[i] = tmp
				if err != nil {
					return err
				}
			}
			return nil
		})
	}
	err := g.Wait()
	for i, name := range names {
		if temps[i] != "" {
			w.temps[name] = temps[i]
		}
	}
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// create writes one file's content to a new temporary file in dir and
// returns the temporary file's name, also when writing it failed (so that
// it is removed).
func (w *writer) create(dir, name string, content []byte) (string, error) {
	tmp := TempPrefix + rand.Text()
	f, err := w.dirs[dir].OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("write %s: %w", name, err)
	}
	_, werr := f.Write(content)
	// Widen the mode on the open file rather than by name: the file is
	// readable only by us until it is complete.
	merr := f.Chmod(0o644)
	cerr := f.Close()
	if err := errors.Join(werr, merr, cerr); err != nil {
		return tmp, fmt.Errorf("write %s: %w", name, err)
	}
	return tmp, nil
}

// close releases the roots opened on the output directory and inside it.
func (w *writer) close() {
	for _, sub := range w.dirs {
		sub.Close()
	}
	if w.root != nil {
		w.root.Close()
	}
}

// mkdirAll creates dir and its missing parents inside the root, recording
// each one it creates.
func (w *writer) mkdirAll(dir string) error {
	if dir == "." {
		return nil
	}
	if err := w.mkdirAll(path.Dir(dir)); err != nil {
		return err
	}
	st, err := w.root.Stat(dir)
	switch {
	case err == nil && st.IsDir():
		return nil
	case err == nil:
		return fmt.Errorf("%s is a file", dir)
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	if err := w.root.Mkdir(dir, 0o755); err != nil {
		return err
	}
	w.created = append(w.created, dir)
	return nil
}

// cleanup removes the temporary files and the directories WriteAll made.
func (w *writer) cleanup() {
	if w.root != nil {
		for name, t := range w.temps {
			w.root.Remove(path.Join(path.Dir(name), t))
		}
		for i := len(w.created) - 1; i >= 0; i-- {
			w.root.Remove(w.created[i])
		}
	}
	for _, d := range w.outside {
		os.Remove(d)
	}
}
