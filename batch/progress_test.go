package batch_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/citypath/citypath/batch"
)

func TestPrinter(t *testing.T) {
	results := []batch.Result{
		{Position: 1, Source: "a.yaml", Status: batch.Written},
		{Position: 2, Source: "t.csv", Row: 3, Status: batch.Failed, Reason: "t.csv:3:2: bad"},
		{Position: 3, Source: "c.yaml", Status: batch.Unchanged},
	}
	tests := []struct {
		name     string
		terminal bool
		want     string
	}{
		{"lines", false, "batch: 1/3 cities, 0 failed, 0 unchanged\n" +
			"failed: t.csv:3 (city 2): t.csv:3:2: bad\n" +
			"batch: 2/3 cities, 1 failed, 0 unchanged\n" +
			"batch: 3/3 cities, 1 failed, 1 unchanged\n"},
		{"bar", true, "\r[..............................] 0/3 cities, 0 failed, 0 unchanged\x1b[K" +
			"\r[##########....................] 1/3 cities, 0 failed, 0 unchanged\x1b[K" +
			"\r\x1b[Kfailed: t.csv:3 (city 2): t.csv:3:2: bad\n" +
			"\r[####################..........] 2/3 cities, 1 failed, 0 unchanged\x1b[K" +
			"\r[##############################] 3/3 cities, 1 failed, 1 unchanged\x1b[K\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			p := batch.NewPrinter(&buf, tt.terminal, nil)
			p.Start(len(results))
			for _, r := range results {
				p.Done(r)
			}
			if buf.String() != tt.want {
				t.Errorf("got\n%q\nwant\n%q", buf.String(), tt.want)
			}
		})
	}
	// With a clock, the rate is shown.
	var buf bytes.Buffer
	now := time.Unix(0, 0)
	p := batch.NewPrinter(&buf, false, func() time.Time { now = now.Add(time.Second); return now })
	p.Start(1)
	p.Done(results[0])
	if !strings.Contains(buf.String(), "cities/s") {
		t.Errorf("no rate in %q", buf.String())
	}
}
