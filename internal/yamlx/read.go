package yamlx

import (
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ReadFile reads a user's file for decoding, refusing what is not a
// regular file (a FIFO would block, a device never end) before opening it,
// and checking the size while reading, so that a larger file is never read
// whole. A missing file comes back as an error that satisfies
// os.IsNotExist; a refused one as a Problem at 1:1.
func ReadFile(name string) ([]byte, error) {
	return read(name, name, os.Stat, func(n string) (io.ReadCloser, error) { return os.Open(n) })
}

// ReadFS is ReadFile for a file of fsys, shown to the user as display.
func ReadFS(fsys fs.FS, name, display string) ([]byte, error) {
	return read(name, display,
		func(n string) (fs.FileInfo, error) { return fs.Stat(fsys, n) },
		func(n string) (io.ReadCloser, error) { return fsys.Open(n) })
}

func read(name, display string, stat func(string) (fs.FileInfo, error), open func(string) (io.ReadCloser, error)) ([]byte, error) {
	st, err := stat(name)
	if err != nil {
		return nil, err
	}
	if err := regular(display, st.Mode()); err != nil {
		return nil, err
	}
	f, err := open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readLimited(display, f)
}

func regular(name string, mode fs.FileMode) error {
	if mode.IsRegular() {
		return nil
	}
	what := "a special file"
	switch {
	case mode.IsDir():
		what = "a directory"
	case mode&fs.ModeNamedPipe != 0:
		what = "a named pipe"
	case mode&fs.ModeDevice != 0:
		what = "a device"
	case mode&fs.ModeSocket != 0:
		what = "a socket"
	}
	return Problem{File: name, Pos: Pos{1, 1}, Msg: what + ", not a regular file"}
}

func readLimited(name string, r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(data) > MaxFileSize {
		return nil, Problem{File: name, Pos: Pos{1, 1}, Msg: fmt.Sprintf("file is too large; the limit is %s", humanBytes(MaxFileSize))}
	}
	return data, nil
}
