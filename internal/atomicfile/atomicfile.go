// Package atomicfile writes a set of files so that a reader never sees a
// half-written one: each file goes to a temporary name in the same directory
// and is renamed into place only once all of them are complete.
package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
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
	// Temporary files are written concurrently: creating a file is mostly
	// waiting for the file system, and a tender run writes hundreds.
	temps := make([]string, len(names))
	errs := make([]error, len(names))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(writers, len(names)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				temps[i], errs[i] = writeTemp(filepath.Join(dir, names[i]), files[names[i]])
			}
		}()
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()
	cleanup := func() {
		for _, t := range temps {
			if t != "" {
				os.Remove(t)
			}
		}
	}
	for i, err := range errs {
		if err != nil {
			cleanup()
			return fmt.Errorf("write %s: %w", names[i], err)
		}
	}
	for i, name := range names {
		if err := os.Rename(temps[i], filepath.Join(dir, name)); err != nil {
			cleanup()
			return fmt.Errorf("write %s: %w", name, err)
		}
		temps[i] = ""
	}
	return nil
}

// writers bounds the files written at once.
const writers = 8

// writeTemp writes data to a temporary file next to path and returns its
// name; on failure nothing is left behind.
func writeTemp(path string, data []byte) (string, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".citypath-*")
	if err != nil {
		return "", err
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if err := firstErr(werr, cerr); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
