package batch

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"

	"github.com/citypath/citypath/internal/atomicfile"
)

// Status is how a city of a batch ended.
type Status string

const (
	Written   Status = "written"   // planned and written
	Unchanged Status = "unchanged" // its folder was already made from the same input, catalog and settings
	Failed    Status = "failed"    // not planned: see the reason
)

// Result is one city's line in the report.
type Result struct {
	Position int    `json:"position"`
	Source   string `json:"source"`
	Row      int    `json:"row,omitempty"`
	Folder   string `json:"folder"`
	Status   Status `json:"status"`
	// Reason is the first problem, or the error, of a failed city.
	Reason   string    `json:"reason,omitempty"`
	Problems []Problem `json:"problems,omitempty"`
}

// Problem is one problem of a failed city, where the user can find it.
type Problem struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// Report is DIR/batch-report.json: every city of the run (or of its
// shard) in input order, with what became of it.
type Report struct {
	Input     string   `json:"input"`
	Shard     string   `json:"shard,omitempty"`
	Cities    int      `json:"cities"`
	Written   int      `json:"written"`
	Unchanged int      `json:"unchanged"`
	Failed    int      `json:"failed"`
	Results   []Result `json:"results"`
}

func newReport(input string, shard Shard, results []Result) *Report {
	rep := &Report{Input: input, Shard: shard.String(), Cities: len(results), Results: results}
	if rep.Results == nil {
		rep.Results = []Result{}
	}
	for _, r := range results {
		switch r.Status {
		case Written:
			rep.Written++
		case Unchanged:
			rep.Unchanged++
		case Failed:
			rep.Failed++
		}
	}
	return rep
}

// ReportName is the report's file name: batch-report.json, and
// batch-report.shard-I-of-N.json for a shard, so that shards writing into
// one directory keep their own.
func ReportName(s Shard) string {
	if s.Count == 0 {
		return "batch-report.json"
	}
	return fmt.Sprintf("batch-report.shard-%d-of-%d.json", s.Index, s.Count)
}

// WriteReport writes the report into dir, atomically.
func WriteReport(ctx context.Context, dir string, rep *Report) error {
	data, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	shard := Shard{}
	if rep.Shard != "" {
		if shard, err = ParseShard(rep.Shard); err != nil {
			return err
		}
	}
	return atomicfile.WriteAll(ctx, dir, map[string][]byte{ReportName(shard): append(data, '\n')})
}

var shardReport = regexp.MustCompile(`^batch-report\.shard-(\d+)-of-(\d+)\.json$`)

// Merge joins the shard reports in dir into the report one unsharded run
// would have written, writes it as dir/batch-report.json and returns it.
// Every shard of the run must have reported, over the same input.
func Merge(ctx context.Context, dir string) (*Report, error) {
	names, err := os.ReadDir(dir)
	if err != nil {
		return nil, inputErrorf("%s: %v", dir, err)
	}
	count := 0
	var reports []*Report
	have := map[int]bool{}
	for _, d := range names {
		m := shardReport.FindStringSubmatch(d.Name())
		if m == nil {
			continue
		}
		i, _ := strconv.Atoi(m[1])
		n, _ := strconv.Atoi(m[2])
		if count != 0 && n != count {
			return nil, inputErrorf("%s: shard reports of %d and of %d shards; remove those of the older run", dir, count, n)
		}
		count = n
		data, err := os.ReadFile(filepath.Join(dir, d.Name()))
		if err != nil {
			return nil, inputErrorf("%s: %v", d.Name(), err)
		}
		var rep Report
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rep); err != nil {
			return nil, inputErrorf("%s: not a batch report: %v", d.Name(), err)
		}
		if len(reports) > 0 && rep.Input != reports[0].Input {
			return nil, inputErrorf("%s: shard of input %s, but %s is of %s", d.Name(), rep.Input, ReportName(Shard{Count: n}), reports[0].Input)
		}
		have[i] = true
		reports = append(reports, &rep)
	}
	if count == 0 {
		return nil, inputErrorf("%s: no shard reports (batch-report.shard-I-of-N.json)", dir)
	}
	var missing []int
	for i := range count {
		if !have[i] {
			missing = append(missing, i)
		}
	}
	if len(missing) > 0 {
		return nil, inputErrorf("%s: shards %v of %d have not reported yet", dir, missing, count)
	}
	var results []Result
	for _, rep := range reports {
		results = append(results, rep.Results...)
	}
	slices.SortFunc(results, func(a, b Result) int {
		return cmp.Or(cmp.Compare(a.Position, b.Position), cmp.Compare(a.Source, b.Source))
	})
	merged := newReport(reports[0].Input, Shard{}, results)
	if err := WriteReport(ctx, dir, merged); err != nil {
		return nil, err
	}
	return merged, nil
}
