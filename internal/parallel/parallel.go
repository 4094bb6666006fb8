// Package parallel runs independent pieces of work on every core.
package parallel

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"

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

// Do calls fn(ctx, i) for every i in [0, n) under an errgroup on up to
// GOMAXPROCS goroutines. The first failure cancels the calls not yet
// started; so does cancelling ctx, whose error Do then returns. Of several
// failures Do returns the one with the lowest i, so the message does not
// depend on scheduling. A panic in fn comes back as a *PanicError.
func Do(ctx context.Context, n int, fn func(ctx context.Context, i int) error) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	errs := make([]error, n)
	for i := range n {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() (err error) {
			defer func() {
				if r := recover(); r != nil {
					err = &PanicError{Value: r}
				}
				errs[i] = err
			}()
			if err := gctx.Err(); err != nil {
				return err
			}
			return fn(gctx, i)
		})
	}
	g.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
	}
	return nil
}
