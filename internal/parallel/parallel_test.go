package parallel_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/citypath/citypath/internal/parallel"
)

func TestDo(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		fn   func(ctx context.Context, i int) error
		want string // "" for no error
	}{
		{"all succeed", context.Background(), func(context.Context, int) error { return nil }, ""},
		{"lowest failure wins", context.Background(), func(_ context.Context, i int) error {
			if i == 5 || i == 7 {
				return fmt.Errorf("job %d failed", i)
			}
			return nil
		}, "job 5 failed"},
		{"lowest failure wins when it fails last", context.Background(), func(_ context.Context, i int) error {
			switch i {
			case 5:
				time.Sleep(20 * time.Millisecond)
				return fmt.Errorf("job %d failed", i)
			case 7:
				return fmt.Errorf("job %d failed", i)
			}
			return nil
		}, "job 5 failed"},
		{"panic becomes an error", context.Background(), func(_ context.Context, i int) error {
			if i == 3 {
				panic("boom")
			}
			return nil
		}, "panic: boom"},
		{"cancelled before the start", cancelled, func(context.Context, int) error { return errors.New("ran") }, "context canceled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := parallel.Do(tt.ctx, 10, tt.fn)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestForRaisesPanicInCaller(t *testing.T) {
	defer func() {
		if r := recover(); r != "boom" {
			t.Errorf("recovered %v, want boom", r)
		}
	}()
	parallel.For(8, func(i int) {
		if i == 2 {
			panic("boom")
		}
	})
	t.Error("For returned after a panic")
}
