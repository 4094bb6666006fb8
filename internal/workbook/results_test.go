package workbook

import "testing"

// TestAddResults: a known result goes into its formula cell, as a number
// or as escaped text; other cells, self-closing cells and formulas without
// a known result stay as they are.
func TestAddResults(t *testing.T) {
	cells := map[string]any{"B2": 12.5, "C2": `a < b & "c"`, "D2": 1.0}
	for _, tt := range []struct{ name, in, want string }{
		{"number", `<c r="B2" s="3" t="str"><f>SUM(A1:A2)</f></c>`, `<c r="B2" s="3"><f>SUM(A1:A2)</f><v>12.5</v></c>`},
		{"text", `<c r="C2" t="str"><f>"a"&amp;B2</f></c>`, `<c r="C2" t="str"><f>"a"&amp;B2</f><v>a &lt; b &amp; &#34;c&#34;</v></c>`},
		{"unknown formula", `<c r="E2" t="str"><f>1+1</f></c>`, `<c r="E2" t="str"><f>1+1</f></c>`},
		{"value cell", `<c r="D2" s="1"><v>4</v></c><c r="B2" t="str"><f>X</f></c>`, `<c r="D2" s="1"><v>4</v></c><c r="B2"><f>X</f><v>12.5</v></c>`},
		{"self-closing", `<row><c r="A1" s="2"/><c r="B2" t="str"><f>Y</f></c></row>`, `<row><c r="A1" s="2"/><c r="B2"><f>Y</f><v>12.5</v></c></row>`},
		{"no cells", `<sheetData/>`, `<sheetData/>`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(addCachedResults([]byte(tt.in), cells)); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}
