package batch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/citypath/citypath/internal/yamlx"
)

// Env is how readers reach files.
type Env struct {
	// ReadFile reads an input file (citypath's reads refuse devices and
	// files over the size limit).
	ReadFile func(string) ([]byte, error)
	// Defaults is the city file every table row starts from; nil when
	// there is none.
	Defaults *Defaults
}

// Defaults is a partial city file whose values a table row may leave out.
type Defaults struct {
	Name string
	Data []byte
}

// Entry is one city of a batch input.
type Entry struct {
	// Source is the file the city comes from, as the user named it.
	Source string
	// Position is the city's place in its input, from 1: its row in a
	// table, its rank among a directory's files in name order.
	Position int
	// Row is the table row, 0 for a file of its own.
	Row int
	// Folder is the city's output folder inside the output directory.
	Folder string
	// Open reads the city; an error is the city's reason for failing.
	Open func() (City, error)
	// clash is set when another city has the folder, which this one must
	// then leave alone.
	clash bool
}

// City is a city file ready to plan.
type City struct {
	// Name is the file name messages give the city.
	Name string
	Data []byte
	// Locate maps problems in Data back to the input the user wrote (a
	// table's rows and columns); nil when Data is that input.
	Locate func(yamlx.Problems) yamlx.Problems
}

// CityReader reads a file that holds one city.
type CityReader func(env Env, path string) (City, error)

// TableReader reads a file that holds many cities, one per row.
type TableReader func(env Env, path string) ([]Entry, error)

// Readers are the input formats a batch accepts, by file extension
// (lower case, with the dot). City readers read the files of an input
// directory; table readers read an input that is one file.
type Readers struct {
	City  map[string]CityReader
	Table map[string]TableReader
}

// DefaultReaders reads city files (.yaml, .yml) and tables (.csv, .xlsx).
// A caller adds its own formats, such as intake workbooks, to the maps.
func DefaultReaders() Readers {
	return Readers{
		City:  map[string]CityReader{".yaml": readCityFile, ".yml": readCityFile},
		Table: map[string]TableReader{".csv": readCSV, ".xlsx": readXLSX},
	}
}

func readCityFile(env Env, path string) (City, error) {
	data, err := env.ReadFile(path)
	if err != nil {
		return City{}, err
	}
	return City{Name: path, Data: data}, nil
}

// ErrInput is an input a batch cannot start from: a missing or unreadable
// file, an unknown format, a table whose header is wrong.
var ErrInput = errors.New("batch input")

func inputErrorf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInput}, args...)...)
}

// List returns the cities of input, a directory of city files or one
// table, in input order. Files and directories whose name starts with '.'
// are skipped, as are the paths in skip (the defaults file, the output
// directory). Two cities that would write to the same folder both stay
// listed, the second with the clash as its reason to fail.
func List(env Env, readers Readers, input string, skip ...string) ([]Entry, error) {
	st, err := os.Stat(input)
	if err != nil {
		return nil, inputErrorf("%s: %v", input, errors.Unwrap(err))
	}
	var entries []Entry
	if !st.IsDir() {
		ext := strings.ToLower(filepath.Ext(input))
		switch {
		case readers.Table[ext] != nil:
			entries, err = readers.Table[ext](env, input)
			if err != nil {
				return nil, err
			}
		case readers.City[ext] != nil:
			entries = []Entry{cityEntry(env, readers.City[ext], input, 1)}
		default:
			return nil, inputErrorf("%s: give a directory of city files or a table (%s)", input, strings.Join(sortedKeys(readers.Table), ", "))
		}
	} else {
		entries, err = listDir(env, readers, input, skip)
		if err != nil {
			return nil, err
		}
	}
	claim(entries)
	return entries, nil
}

func listDir(env Env, readers Readers, dir string, skip []string) ([]Entry, error) {
	var skipAbs []string
	for _, s := range skip {
		if s == "" {
			continue
		}
		if abs, err := filepath.Abs(s); err == nil {
			skipAbs = append(skipAbs, abs)
		}
	}
	var entries []Entry
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return inputErrorf("%s: %v", path, errors.Unwrap(err))
		}
		if abs, aerr := filepath.Abs(path); aerr == nil && slices.Contains(skipAbs, abs) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if path != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		read := readers.City[strings.ToLower(filepath.Ext(path))]
		if d.IsDir() || read == nil {
			return nil
		}
		entries = append(entries, cityEntry(env, read, path, len(entries)+1))
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, inputErrorf("%s: no city files (%s) in this directory", dir, strings.Join(sortedKeys(readers.City), ", "))
	}
	return entries, nil
}

// cityEntry names the folder of a city file as `citypath roadmap` does:
// after the file's directory when the file is called city.yaml, else
// after the file.
func cityEntry(env Env, read CityReader, path string, position int) Entry {
	base := filepath.Base(path)
	name := strings.TrimSuffix(base, filepath.Ext(base))
	if name == "city" {
		if abs, err := filepath.Abs(path); err == nil {
			name = filepath.Base(filepath.Dir(abs))
		}
	}
	return Entry{Source: path, Position: position, Folder: Slug(name), Open: func() (City, error) { return read(env, path) }}
}

// claim gives each folder to its first city; a later city that would
// write to the same folder (on a case-insensitive disk too), or that has
// no usable name, fails with the reason.
func claim(entries []Entry) {
	owner := map[string]string{}
	for i := range entries {
		e := &entries[i]
		key := strings.ToLower(e.Folder)
		var reason error
		switch other, taken := owner[key]; {
		case e.Folder == "":
			reason = fmt.Errorf("cannot name an output folder after %s; rename it", where(*e))
		case taken:
			reason = fmt.Errorf("%s would be written to folder %s like %s; rename one", where(*e), e.Folder, other)
		default:
			owner[key] = where(*e)
			continue
		}
		e.Open = func() (City, error) { return City{}, reason }
		e.clash = true
		if e.Folder == "" {
			e.Folder = fmt.Sprintf("unnamed-%d", e.Position)
		}
	}
}

// where names an entry in messages: its file, and its row in a table.
func where(e Entry) string {
	if e.Row > 0 {
		return fmt.Sprintf("%s:%d", e.Source, e.Row)
	}
	return e.Source
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
