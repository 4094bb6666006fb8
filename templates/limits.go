package templates

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/Masterminds/sprig/v3"
)

// Limits on one execution of one template, so that a user template cannot
// take the machine: documented in the README ("Limits").
const (
	// MaxOutput is the most bytes one template may write.
	MaxOutput = 16 << 20
	// MaxGenerated is the most elements until, untilStep and seq may make
	// together in one execution, which bounds loops over them, nested or not.
	MaxGenerated = 100000
	// MaxTime is the longest one execution may run.
	MaxTime = 10 * time.Second
)

// errLimit marks an execution stopped by a limit.
var errLimit = errors.New("over the limit")

// budget is what is left of one execution's limits.
type budget struct {
	generated int
	written   int
	deadline  time.Time
}

func newBudget() *budget {
	return &budget{deadline: time.Now().Add(MaxTime)}
}

// take charges n generated elements.
func (b *budget) take(n int) error {
	b.generated += max(n, 0)
	if b.generated > MaxGenerated {
		return fmt.Errorf("%w: loops may make at most %d elements with until, untilStep and seq", errLimit, MaxGenerated)
	}
	return b.inTime()
}

func (b *budget) inTime() error {
	if time.Now().After(b.deadline) {
		return fmt.Errorf("%w: a template may run for at most %s", errLimit, MaxTime)
	}
	return nil
}

// Write counts output against MaxOutput and checks the time; the engine
// writes through it into its buffer.
func (b *budget) charge(n int) error {
	b.written += n
	if b.written > MaxOutput {
		return fmt.Errorf("%w: a template may write at most %d MB", errLimit, MaxOutput>>20)
	}
	return b.inTime()
}

// sprigLoops are sprig's loop generators, which limitedFuncs wraps; sprig
// builds its whole function map to hand them out, so it is asked once.
var sprigLoops = sync.OnceValue(func() (l struct {
	until     func(int) []int
	untilStep func(int, int, int) []int
	seq       func(...int) string
}) {
	generic := sprig.GenericFuncMap()
	l.until = generic["until"].(func(int) []int)
	l.untilStep = generic["untilStep"].(func(int, int, int) []int)
	l.seq = generic["seq"].(func(...int) string)
	return l
})

// limitedFuncs returns the functions one execution binds over those the
// templates were parsed with (Funcs): the loop generators and repeat
// charge b, and dates are read in UTC, never in the local time zone, so
// that outputs do not depend on TZ. Binding only these, rather than the
// whole map again, keeps a clone cheap.
func limitedFuncs(b *budget) map[string]any {
	fm := map[string]any{}
	loops := sprigLoops()
	until, untilStep, seq := loops.until, loops.untilStep, loops.seq
	fm["until"] = func(n int) ([]int, error) {
		if err := b.take(abs(n)); err != nil {
			return nil, err
		}
		return until(n), nil
	}
	fm["untilStep"] = func(start, stop, step int) ([]int, error) {
		if step != 0 {
			if err := b.take(abs(stop-start) / abs(step)); err != nil {
				return nil, err
			}
		}
		return untilStep(start, stop, step), nil
	}
	fm["seq"] = func(params ...int) (string, error) {
		n := 0
		switch len(params) {
		case 1:
			n = abs(params[0])
		case 2:
			n = abs(params[1] - params[0])
		case 3:
			if params[1] != 0 {
				n = abs(params[2]-params[0]) / abs(params[1])
			}
		}
		if err := b.take(n); err != nil {
			return "", err
		}
		return seq(params...), nil
	}
	fm["repeat"] = func(count int, s string) (string, error) {
		if count > 0 && len(s) > 0 && count > MaxOutput/len(s) {
			return "", fmt.Errorf("%w: repeat would make more than %d MB", errLimit, MaxOutput>>20)
		}
		return strings.Repeat(s, max(count, 0)), nil
	}
	fm["toDate"] = func(layout, s string) time.Time {
		t, _ := time.ParseInLocation(layout, s, time.UTC)
		return t
	}
	fm["mustToDate"] = func(layout, s string) (time.Time, error) {
		return time.ParseInLocation(layout, s, time.UTC)
	}
	return fm
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// limitWriter writes into buf until the budget runs out.
type limitWriter struct {
	buf *bytes.Buffer
	b   *budget
}

func (w limitWriter) Write(p []byte) (int, error) {
	if err := w.b.charge(len(p)); err != nil {
		return 0, err
	}
	return w.buf.Write(p)
}
