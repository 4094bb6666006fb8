// Package parallel runs independent pieces of work on every core.
package parallel

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

// For calls fn(i) for every i in [0, n) on up to GOMAXPROCS goroutines and
// returns when all calls have. Callers write results into slot i, so the
// outcome does not depend on scheduling. A panic in fn is raised again in
// the caller's goroutine once every call has returned, where the command's
// own recover turns it into an internal error instead of a crash.
func For(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	next := make(chan int)
	var wg sync.WaitGroup
	var once sync.Once
	var panicked any
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				func() {
					defer func() {
						if r := recover(); r != nil {
							once.Do(func() { panicked = r })
						}
					}()
					fn(i)
				}()
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	if panicked != nil {
		panic(panicked)
	}
}

// PanicError is a panic in a worker, returned as an error: a bug, which
// the command reports as an internal error.
type PanicError struct{ Value any }

func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Do calls fn(ctx, i) for every i in [0, n) on up to GOMAXPROCS
// goroutines. A failure at i skips the calls above i not yet started, but
// never those below it, so of several failures Do returns the one with the
// lowest i whatever the scheduling: the message a user sees does not change
// from run to run. Cancelling ctx stops every call not yet started, and Do
// returns its error. A panic in fn comes back as a *PanicError.
func Do(ctx context.Context, n int, fn func(ctx context.Context, i int) error) error {
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	errs := make([]error, n)
	var firstFailure atomic.Int64
	firstFailure.Store(int64(n))
	for i := range n {
		if ctx.Err() != nil || int64(i) > firstFailure.Load() {
			break
		}
		g.Go(func() (err error) {
			defer func() {
				if r := recover(); r != nil {
					err = &PanicError{Value: r}
				}
				errs[i] = err
				if err != nil {
					for {
						cur := firstFailure.Load()
						if int64(i) >= cur || firstFailure.CompareAndSwap(cur, int64(i)) {
							break
						}
					}
				}
			}()
			if err := ctx.Err(); err != nil || int64(i) > firstFailure.Load() {
				return err
			}
			return fn(ctx, i)
		})
	}
	g.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
