package document

import (
	"testing"
	"time"
)

func TestPDFEncoding(t *testing.T) {
	tests := []struct {
		name  string
		chars string
		fits  bool
	}{
		{"ascii only", "plain text", true},
		{"czech", "Příliš žluťoučký kůň úpěl ďábelské ódy", true},
		{"exactly 129 outside ascii", string(runesFrom(0x100, 129)), true},
		{"130 outside ascii", string(runesFrom(0x100, 130)), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chars := map[rune]bool{}
			for _, r := range tt.chars {
				chars[r] = true
			}
			enc, ok := newPDFEncoding(chars)
			if ok != tt.fits {
				t.Fatalf("fits = %v, want %v", ok, tt.fits)
			}
			if !ok {
				return
			}
			missing := map[rune]bool{}
			got := enc.encode(tt.chars, missing)
			if len(missing) > 0 {
				t.Errorf("missing %v", missing)
			}
			if len(got) != len([]rune(tt.chars)) {
				t.Errorf("encoded %d bytes for %d characters", len(got), len([]rune(tt.chars)))
			}
			for i, r := range []rune(tt.chars) {
				if r < 127 && got[i] != byte(r) {
					t.Errorf("ASCII %q became code %d", r, got[i])
				}
				if r >= 127 && (got[i] < firstEncodedCode || enc.order[got[i]-firstEncodedCode] != r) {
					t.Errorf("%q became code %d", r, got[i])
				}
			}
		})
	}
}

func runesFrom(first rune, n int) []rune {
	out := make([]rune, n)
	for i := range out {
		out[i] = first + rune(i)
	}
	return out
}

// TestPDFLaysOutAgainForMissingCharacters: a character the document's
// text does not hold but the layout draws is reported as missing, and
// PDF lays the document out again with it rather than print "?".
func TestPDFLaysOutAgainForMissingCharacters(t *testing.T) {
	doc := &Document{Title: "Koně", Date: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		Blocks: []Block{{Kind: Paragraph, Text: Text("Kůň úpěl")}}}
	chars := documentChars(doc)
	delete(chars, 'ů')
	enc, _ := newPDFEncoding(chars)
	_, missing, err := renderPDF(doc, enc)
	if err != nil {
		t.Fatal(err)
	}
	if !missing['ů'] || len(missing) != 1 {
		t.Errorf("missing = %v, want only ů", missing)
	}
	// With the character added, as PDF adds it, nothing is missing.
	chars['ů'] = true
	enc, _ = newPDFEncoding(chars)
	if _, missing, _ = renderPDF(doc, enc); len(missing) > 0 {
		t.Errorf("still missing %v", missing)
	}
}
