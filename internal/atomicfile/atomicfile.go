// Package atomicfile writes a set of files so that a reader never sees a
// half-written one: each file goes to a temporary name in the same directory
// and is renamed into place only once all of them are complete.
package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// WriteAll writes every file in files (name → content) into dir, creating dir
// if needed. If any write fails, no file is renamed into place and the
// temporary files are removed.
func WriteAll(dir string, files map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create output directory: %w", err)
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	// Renames cannot be undone, so refuse targets that could not take a file
	// before anything is written.
	for _, name := range names {
		if st, err := os.Stat(filepath.Join(dir, name)); err == nil && st.IsDir() {
			return fmt.Errorf("write %s: a directory is in the way", name)
		}
	}
	temps := map[string]string{}
	cleanup := func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}
	for _, name := range names {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			cleanup()
			return fmt.Errorf("create directory for %s: %w", name, err)
		}
		f, err := os.CreateTemp(filepath.Dir(filepath.Join(dir, name)), ".citypath-*")
		if err != nil {
			cleanup()
			return fmt.Errorf("write %s: %w", name, err)
		}
		temps[name] = f.Name()
		_, werr := f.Write(files[name])
		cerr := f.Close()
		if werr != nil || cerr != nil {
			cleanup()
			return fmt.Errorf("write %s: %w", name, firstErr(werr, cerr))
		}
		if err := os.Chmod(f.Name(), 0o644); err != nil {
			cleanup()
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	for _, name := range names {
		if err := os.Rename(temps[name], filepath.Join(dir, name)); err != nil {
			cleanup()
			return fmt.Errorf("write %s: %w", name, err)
		}
		delete(temps, name)
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
