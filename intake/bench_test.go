package intake

import "testing"

// BenchmarkRead reads the committed filled workbook: about what a batch
// of intake workbooks costs per city.
func BenchmarkRead(b *testing.B) {
	cat := testCatalog(b)
	data := filledKladno()
	for b.Loop() {
		if _, err := Read("x.xlsx", data, "city.yaml", cat); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNew writes a blank workbook.
func BenchmarkNew(b *testing.B) {
	cat := testCatalog(b)
	for b.Loop() {
		if _, err := New(cat, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
