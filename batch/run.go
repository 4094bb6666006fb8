package batch

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/citypath/citypath/internal/yamlx"
)

// StampFile is the file in each city's folder that records what the
// folder was made from.
const StampFile = ".batch-stamp.json"

// tempPrefix starts the temporary folder a city is written to before it is
// renamed into place, followed by the city's folder name, a dot and a
// random tag.
const tempPrefix = ".citypath-batch-"

// Options configure a run.
type Options struct {
	// Input names the batch's input in the report.
	Input string
	// Out is the output directory; each city gets Out/FOLDER.
	Out string
	// Jobs is how many cities are planned at once; 0 means one per core.
	Jobs  int
	Shard Shard
	// CatalogSHA256 and SettingsSHA256 hash what, beside the city file,
	// decides a city's files (the catalog; formats, options, version). With
	// the city file's hash they are recorded in its folder, and a city whose
	// three hashes are unchanged is not planned again.
	CatalogSHA256, SettingsSHA256 string
	// Plan turns one city file into the files of its folder, by
	// slash-separated name. Errors carrying yamlx.Problems are the city's
	// problems; any other error is its reason.
	Plan func(ctx context.Context, c City) (map[string][]byte, error)
	// Progress hears each city as it finishes; nil for none.
	Progress Progress
}

// Stamp is what a city's folder was made from.
type Stamp struct {
	Source         string   `json:"source"`
	InputSHA256    string   `json:"input_sha256"`
	CatalogSHA256  string   `json:"catalog_sha256"`
	SettingsSHA256 string   `json:"settings_sha256"`
	Files          []string `json:"files"`
}

// Run plans the entries of its shard, writes each city into its folder as
// it is done and the report at the end, and returns the report. It returns
// an error only when it could not go on: the output directory cannot be
// written, or ctx was cancelled (then no report is written, the cities
// written so far stay whole and no temporary folder is left).
func Run(ctx context.Context, entries []Entry, opts Options) (*Report, error) {
	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return nil, fmt.Errorf("create output directory: %w", err)
	}
	root, err := os.OpenRoot(opts.Out)
	if err != nil {
		return nil, fmt.Errorf("open output directory: %w", err)
	}
	defer root.Close()
	if err := removeLeftovers(root, opts.Shard); err != nil {
		return nil, err
	}
	var mine []Entry
	for _, e := range entries {
		if opts.Shard.Holds(e.Folder) {
			mine = append(mine, e)
		}
	}
	progress := opts.Progress
	if progress == nil {
		progress = silent{}
	}
	progress.Start(len(mine))

	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	r := &runner{opts: opts, root: root}
	work := make(chan Entry)
	results := make([]Result, 0, len(mine))
	var (
		mu    sync.Mutex
		wg    sync.WaitGroup
		fatal error
	)
	for range min(jobs, max(1, len(mine))) {
		wg.Go(func() {
			for e := range work {
				res, err := r.city(ctx, e)
				mu.Lock()
				if err != nil {
					if fatal == nil {
						fatal = err
					}
				} else {
					results = append(results, res)
					progress.Done(res)
				}
				mu.Unlock()
			}
		})
	}
feed:
	for _, e := range mine {
		mu.Lock()
		stop := fatal != nil
		mu.Unlock()
		if stop {
			break
		}
		select {
		case work <- e:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if fatal != nil {
		return nil, fatal
	}
	slices.SortFunc(results, func(a, b Result) int {
		return cmp.Or(cmp.Compare(a.Position, b.Position), cmp.Compare(a.Source, b.Source))
	})
	rep := newReport(opts.Input, opts.Shard, results)
	if err := WriteReport(ctx, opts.Out, rep); err != nil {
		return nil, err
	}
	return rep, nil
}

type runner struct {
	opts Options
	root *os.Root
}

// city plans and writes one city. Its error is not the city's failure
// (that is in the Result) but a reason to stop the whole run.
func (r *runner) city(ctx context.Context, e Entry) (Result, error) {
	res := Result{Position: e.Position, Source: e.Source, Row: e.Row, Folder: e.Folder}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	c, err := e.Open()
	if err != nil {
		return r.fail(res, e, err, nil)
	}
	sum := sha256.Sum256(c.Data)
	stamp := Stamp{Source: where(e), InputSHA256: hex.EncodeToString(sum[:]), CatalogSHA256: r.opts.CatalogSHA256, SettingsSHA256: r.opts.SettingsSHA256}
	if !e.clash && r.unchanged(e.Folder, stamp) {
		res.Status = Unchanged
		return res, nil
	}
	files, err := r.plan(ctx, c)
	if err != nil {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		return r.fail(res, e, err, c.Locate)
	}
	for name := range files {
		stamp.Files = append(stamp.Files, name)
	}
	slices.Sort(stamp.Files)
	stampData, err := json.MarshalIndent(stamp, "", "  ")
	if err != nil {
		return res, err
	}
	files[StampFile] = append(stampData, '\n')
	if err := r.write(ctx, e.Folder, files); err != nil {
		return res, err
	}
	res.Status = Written
	return res, nil
}

// plan runs the caller's Plan, turning a panic (a bug) into this city's
// failure so that the others still run.
func (r *runner) plan(ctx context.Context, c City) (files map[string][]byte, err error) {
	defer func() {
		if v := recover(); v != nil {
			files, err = nil, fmt.Errorf("internal error, please report: %v", v)
		}
	}()
	return r.opts.Plan(ctx, c)
}

// fail records a failed city and removes what an earlier run wrote for
// it, so that its folder never holds an outdated roadmap.
func (r *runner) fail(res Result, e Entry, err error, locate func(yamlx.Problems) yamlx.Problems) (Result, error) {
	res.Status = Failed
	if ps, ok := yamlx.AsProblems(err); ok {
		if locate != nil {
			ps = locate(ps)
		}
		for _, p := range ps {
			res.Problems = append(res.Problems, Problem{File: p.File, Line: p.Pos.Line, Column: p.Pos.Col, Severity: p.Level(), Message: p.Msg})
		}
		res.Reason = ps[0].Error()
		if len(ps) > 1 {
			res.Reason += fmt.Sprintf(" (and %d more)", len(ps)-1)
		}
	} else {
		res.Reason = err.Error()
	}
	if !e.clash {
		if _, serr := r.root.Lstat(e.Folder); serr == nil {
			old := tempPrefix + e.Folder + "." + rand.Text()
			if err := r.root.Rename(e.Folder, old); err != nil {
				return res, fmt.Errorf("remove the outdated %s: %w", e.Folder, err)
			}
			r.root.RemoveAll(old)
		}
	}
	return res, nil
}

// unchanged says whether folder holds the files of stamp, whole.
func (r *runner) unchanged(folder string, want Stamp) bool {
	data, err := r.root.ReadFile(path.Join(folder, StampFile))
	if err != nil {
		return false
	}
	var got Stamp
	if json.Unmarshal(data, &got) != nil || got.InputSHA256 != want.InputSHA256 || got.CatalogSHA256 != want.CatalogSHA256 || got.SettingsSHA256 != want.SettingsSHA256 {
		return false
	}
	for _, f := range got.Files {
		if st, err := r.root.Lstat(path.Join(folder, f)); err != nil || !st.Mode().IsRegular() {
			return false
		}
	}
	return true
}

// write puts a city's files into a temporary folder and renames it into
// place, replacing an earlier folder, so that the folder is always whole.
func (r *runner) write(ctx context.Context, folder string, files map[string][]byte) error {
	tmp := tempPrefix + folder + "." + rand.Text()
	if err := r.root.Mkdir(tmp, 0o755); err != nil {
		return fmt.Errorf("write %s: %w", folder, err)
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		err := ctx.Err()
		if err == nil && !fs.ValidPath(name) {
			err = fmt.Errorf("%q is not a name inside the folder", name)
		}
		if err == nil {
			err = r.root.MkdirAll(path.Join(tmp, path.Dir(name)), 0o755)
		}
		if err == nil {
			err = r.root.WriteFile(path.Join(tmp, name), files[name], 0o644)
		}
		if err != nil {
			r.root.RemoveAll(tmp)
			if errors.Is(err, context.Canceled) {
				return err
			}
			return fmt.Errorf("write %s: %w", path.Join(folder, name), err)
		}
	}
	if _, err := r.root.Lstat(folder); err == nil {
		old := tempPrefix + folder + "." + rand.Text()
		if err := r.root.Rename(folder, old); err != nil {
			r.root.RemoveAll(tmp)
			return fmt.Errorf("write %s: %w", folder, err)
		}
		defer r.root.RemoveAll(old)
	}
	if err := r.root.Rename(tmp, folder); err != nil {
		r.root.RemoveAll(tmp)
		return fmt.Errorf("write %s: %w", folder, err)
	}
	return nil
}

// removeLeftovers removes the temporary folders a killed run of this
// shard left. Only this shard's: other shards may be writing theirs into
// the same directory.
func removeLeftovers(root *os.Root, shard Shard) error {
	dir, err := root.Open(".")
	if err != nil {
		return err
	}
	names, err := dir.Readdirnames(-1)
	dir.Close()
	if err != nil {
		return fmt.Errorf("read output directory: %w", err)
	}
	for _, name := range names {
		rest, ok := strings.CutPrefix(name, tempPrefix)
		if !ok {
			continue
		}
		if i := strings.LastIndexByte(rest, '.'); i > 0 && shard.Holds(rest[:i]) {
			if err := root.RemoveAll(name); err != nil {
				return fmt.Errorf("remove leftover %s: %w", name, err)
			}
		}
	}
	return nil
}
