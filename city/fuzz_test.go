package city_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/citypath/citypath/city"
)

// FuzzLoad feeds arbitrary bytes to the city file loader: it must return a
// city or problems, never panic. The seeds are the examples and the
// bad-input set; `go test -fuzz FuzzLoad ./city` explores further.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("../examples/*/city.yaml")
	bad, _ := filepath.Glob("../cmd/testdata/bad/*.yaml")
	for _, path := range append(seeds, bad...) {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(valid))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := city.Load("fuzz.yaml", data, vocab)
		if (l == nil) == (err == nil) {
			t.Fatalf("got city %v and error %v; want exactly one", l != nil, err)
		}
	})
}
