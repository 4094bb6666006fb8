package workbook

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestAppendNumber: numbers are written as excelize wrote them, shortest
// form and at most 15 significant digits.
func TestAppendNumber(t *testing.T) {
	for _, tt := range []struct {
		in   float64
		want string
	}{
		{0, "0"}, {2, "2"}, {-1.5, "-1.5"}, {0.04, "0.04"}, {3387270.83, "3387270.83"},
		{46388, "46388"}, {1e21, "1000000000000000000000"}, {0.1 + 0.2, "0.3"},
		{123456789.123456789, "123456789.123456"}, {12345678901234567890, "12345678901234500000"},
		{-0.000123456789012345678, "-0.000123456789012345"}, {math.MaxFloat64, strconv.FormatFloat(math.MaxFloat64, 'f', -1, 64)},
	} {
		if got := string(appendNumber(nil, tt.in)); got != tt.want {
			t.Errorf("appendNumber(%v) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestAppendCellText: text is escaped, loses what XML cannot hold, keeps a
// literal _xHHHH_ from being decoded, and stops at Excel's limit.
func TestAppendCellText(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"plain", "Kladno", "Kladno"},
		{"markup", `a < b & "c" > d`, `a &lt; b &amp; "c" &gt; d`},
		{"formula-like", "=SUM(A1)", "=SUM(A1)"},
		{"white space", "\ttab\nline\r\n", "\ttab\nline&#xD;\n"},
		{"control characters", "bell\x07 nul\x00 esc\x1b", "bell nul esc"},
		{"non-characters", "a\uFFFEb\uFFFFc", "abc"},
		{"bad byte", "a\xffb", "a\uFFFDb"},
		{"non-ASCII", "Statutární město 😀", "Statutární město 😀"},
		{"escape code", "_x0041_", "_x005F_x0041_"},
		{"escape codes", "a_x0041_x0042_b", "a_x005F_x0041_x005F_x0042_b"},
		{"not an escape code", "_x00G1_ _x12_ _x", "_x00G1_ _x12_ _x"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(appendCellText(nil, tt.in)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	long := strings.Repeat("ž", maxCellChars+10)
	if got := string(appendCellText(nil, long)); got != strings.Repeat("ž", maxCellChars) {
		t.Errorf("a long text keeps %d characters, want %d", len([]rune(got)), maxCellChars)
	}
	emoji := strings.Repeat("😀", maxCellChars/2+1) // two UTF-16 units each
	if got := []rune(string(appendCellText(nil, emoji))); len(got) != maxCellChars/2 {
		t.Errorf("a long text of emoji keeps %d characters, want %d", len(got), maxCellChars/2)
	}
}

// TestTemplate: a workbook opened from a template has the same bytes as
// one started from excelize's new file, and a template is made once per
// set of styles.
func TestTemplate(t *testing.T) {
	styles := map[string]*excelize.Style{"b": {Font: &excelize.Font{Bold: true}}, "w": {Alignment: &excelize.Alignment{WrapText: true}}}
	build := func(useTemplate bool) []byte {
		b := newBook(Props{Title: "t", Font: "Arial", Date: time.Date(2026, 9, 15, 0, 0, 0, 0, time.UTC)}, styles, useTemplate)
		b.Sheets("A", "B")
		b.Text("A", 1, 1, "x", "b")
		b.Text("B", 2, 2, "a text long enough to wrap over two lines", "w")
		b.Merge("B", "B2", "C2")
		data, err := b.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	fresh, opened := build(false), build(true)
	if !bytes.Equal(fresh, opened) {
		t.Error("a workbook from a template differs from one from a new file")
	}
	before := len(templates.byKey)
	build(true)
	if len(templates.byKey) != before {
		t.Error("the same styles made a second template")
	}
	bad := newBook(Props{}, map[string]*excelize.Style{"huge": {Font: &excelize.Font{Size: 1000}}}, true)
	if bad.Err() == nil {
		t.Error("a style excelize refuses gave no error")
	}
}
