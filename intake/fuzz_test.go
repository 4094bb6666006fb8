package intake

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/citypath/citypath/city"
	"github.com/citypath/citypath/roadmap"
)

var filledKladno = sync.OnceValue(func() []byte {
	data, err := os.ReadFile(filepath.Join("testdata", "v1-kladno.xlsx"))
	if err != nil {
		panic(err)
	}
	return data
})

// FuzzCell types anything into a text, a number, a date, a list and a
// table cell: Read never panics, and a city file it returns always passes
// the city loader.
func FuzzCell(f *testing.F) {
	for i, s := range []string{"", "Kladno", "=1+2", "-5", "1e309", "2026-02-30", "\x1b[31mred", "a\nb", "#", "'", "yes", "\"", "{x: 1}", "- a", "\u2028", "🙂"} {
		f.Add(uint8(i), s)
	}
	cat := testCatalog(f)
	// A text, a number, a date, a list value, a list item and a map key.
	cells := []edit{{"City", "C8", nil}, {"City", "C7", nil}, {"Assessment", "C5", nil}, {"City", "C6", nil}, {"Strategy", "B31", nil}, {"Strategy", "B73", nil}}
	f.Fuzz(func(t *testing.T, which uint8, s string) {
		cell := cells[int(which)%len(cells)]
		cell.value = s
		out, err := Read("x.xlsx", apply(t, filledKladno(), []edit{cell}), "city.yaml", cat)
		if err != nil {
			if _, ok := err.(Problems); !ok {
				t.Fatalf("%s!%s = %q: %v", cell.sheet, cell.cell, s, err)
			}
			return
		}
		if _, err := city.Load("city.yaml", out, roadmap.Vocabulary(cat)); err != nil {
			t.Fatalf("%s!%s = %q: the city file does not load: %v\n%s", cell.sheet, cell.cell, s, err, out)
		}
	})
}

// FuzzRead reads damaged workbooks: never a panic.
func FuzzRead(f *testing.F) {
	data := filledKladno()
	f.Add(data)
	f.Add(data[:len(data)/2])
	f.Add([]byte("PK\x03\x04"))
	flipped := append([]byte(nil), data...)
	for i := 100; i < len(flipped); i += 997 {
		flipped[i] ^= 0x5a
	}
	f.Add(flipped)
	cat := testCatalog(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = Read("x.xlsx", data, "city.yaml", cat)
	})
}
