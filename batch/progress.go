package batch

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Progress hears a run's cities: Start once with how many there are, Done
// as each ends (never concurrently).
type Progress interface {
	Start(total int)
	Done(r Result)
}

type silent struct{}

func (silent) Start(int)   {}
func (silent) Done(Result) {}

// Printer shows progress: on a terminal a bar redrawn in place, else a
// plain line every twentieth of the run. Each failed city gets a line of
// its own with its file, position and reason either way.
type Printer struct {
	w        io.Writer
	terminal bool
	now      func() time.Time // nil: no rate shown
	start    time.Time
	total    int
	done     int
	failed   int
	skipped  int
	lastDraw time.Time
}

// NewPrinter writes progress to w; terminal chooses the bar. now, when
// given, is the clock the bar's rate is measured with.
func NewPrinter(w io.Writer, terminal bool, now func() time.Time) *Printer {
	return &Printer{w: w, terminal: terminal, now: now}
}

// Start implements Progress.
func (p *Printer) Start(total int) {
	p.total = total
	if p.now != nil {
		p.start = p.now()
	}
	if p.terminal {
		p.draw()
	}
}

// Done implements Progress.
func (p *Printer) Done(r Result) {
	p.done++
	switch r.Status {
	case Failed:
		p.failed++
		p.clear()
		p.lastDraw = time.Time{} // draw the bar again at once
		fmt.Fprintf(p.w, "failed: %s (city %d): %s\n", where(Entry{Source: r.Source, Row: r.Row}), r.Position, r.Reason)
	case Unchanged:
		p.skipped++
	}
	if p.terminal {
		if p.now == nil || p.done == p.total || p.now().Sub(p.lastDraw) > 100*time.Millisecond {
			p.draw()
		}
		if p.done == p.total {
			fmt.Fprintln(p.w)
		}
		return
	}
	step := max(1, p.total/20)
	if p.done%step == 0 || p.done == p.total {
		fmt.Fprintf(p.w, "batch: %s\n", p.counts())
	}
}

func (p *Printer) counts() string {
	s := fmt.Sprintf("%d/%d cities, %d failed, %d unchanged", p.done, p.total, p.failed, p.skipped)
	if p.now != nil {
		if secs := p.now().Sub(p.start).Seconds(); secs > 0 {
			s += fmt.Sprintf(", %.1f cities/s", float64(p.done)/secs)
		}
	}
	return s
}

const barWidth = 30

func (p *Printer) draw() {
	filled := barWidth
	if p.total > 0 {
		filled = barWidth * p.done / p.total
	}
	fmt.Fprintf(p.w, "\r[%s%s] %s\x1b[K", strings.Repeat("#", filled), strings.Repeat(".", barWidth-filled), p.counts())
	if p.now != nil {
		p.lastDraw = p.now()
	}
}

// clear wipes the bar before a line of its own is printed.
func (p *Printer) clear() {
	if p.terminal {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
