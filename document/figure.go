package document

import (
	"fmt"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// RGB is a colour.
type RGB struct{ R, G, B uint8 }

// Hex is the colour as #rrggbb.
func (c RGB) Hex() string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// Point is a position in a figure, in millimetres from its top left corner.
type Point struct{ X, Y float64 }

// Figure is a vector drawing of Width × Height millimetres. Writers draw
// it as vectors where they can (PDF, SVG in HTML) and as an image where
// they cannot (DOCX). Alt describes it for readers who cannot see it.
type Figure struct {
	Width, Height float64
	Shapes        []Shape
	Alt           string
}

// ShapeKind says what a shape is.
type ShapeKind int

// The kinds of shape.
const (
	RectShape    ShapeKind = iota // X, Y, W, H
	LineShape                     // Points[0] to Points[1]
	PolygonShape                  // Points, closed
	TextShape                     // Text with its baseline at X, Y
)

// Anchor is where a text shape sits against its X.
type Anchor int

// Text anchors.
const (
	AnchorStart Anchor = iota
	AnchorMiddle
	AnchorEnd
)

// Shape is one element of a figure. Fill and Stroke are nil for none; a
// text shape is drawn in its Fill colour.
type Shape struct {
	Kind       ShapeKind
	X, Y, W, H float64
	Points     []Point
	Fill       *RGB
	Stroke     *RGB
	LineWidth  float64   // millimetres
	Dash       []float64 // dash and gap lengths in millimetres
	Opacity    float64   // of the fill; 0 means opaque
	Text       string
	Size       float64 // points
	Bold       bool
	Anchor     Anchor
}

// faces are the Go fonts every writer uses, parsed once.
var faces = sync.OnceValue(func() map[[2]bool]*sfnt.Font {
	out := map[[2]bool]*sfnt.Font{}
	for key, ttf := range map[[2]bool][]byte{
		{false, false}: goregular.TTF, {true, false}: gobold.TTF,
		{false, true}: goitalic.TTF, {true, true}: gobolditalic.TTF,
	} {
		f, err := sfnt.Parse(ttf)
		if err != nil {
			panic("document: the Go fonts do not parse: " + err.Error())
		}
		out[key] = f
	}
	return out
})

// TextWidth is the width in millimetres of text set at size points in the
// Go font the writers embed, so that a layout can fit labels before any
// writer runs.
func TextWidth(s string, size float64, bold bool) float64 {
	f := faces()[[2]bool{bold, false}]
	var buf sfnt.Buffer
	upem := fixed.Int26_6(f.UnitsPerEm())
	var units fixed.Int26_6
	for _, r := range s {
		idx, err := f.GlyphIndex(&buf, r)
		if err != nil {
			continue
		}
		adv, err := f.GlyphAdvance(&buf, idx, upem, font.HintingNone)
		if err != nil {
			continue
		}
		units += adv
	}
	return float64(units) / float64(upem) * size * 25.4 / 72
}

// WrapText breaks s into lines no wider than w millimetres at size points,
// at spaces that do not sit between two digits, so that "2 400 000" stays
// on one line. A word wider than w gets a line of its own.
func WrapText(s string, size float64, bold bool, w float64) []string {
	var lines []string
	cur := ""
	for _, word := range words(s) {
		next := word
		if cur != "" {
			next = cur + " " + word
		}
		if cur != "" && TextWidth(next, size, bold) > w {
			lines = append(lines, cur)
			next = word
		}
		cur = next
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// words splits text at the spaces a line may break at.
func words(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && (s[i] != ' ' || i > 0 && i+1 < len(s) && isDigit(s[i-1]) && isDigit(s[i+1])) {
			continue
		}
		if i > start {
			out = append(out, s[start:i])
		}
		start = i + 1
	}
	return out
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// joinDigits puts a no-break space between a number's digit groups
// ("2 400 000"), so that a writer whose reader breaks lines (DOCX, HTML)
// never splits the number.
func joinDigits(s string) string {
	if !strings.Contains(s, " ") {
		return s
	}
	b := []byte(s)
	var out strings.Builder
	for i := 0; i < len(b); i++ {
		if b[i] == ' ' && i > 0 && i+1 < len(b) && isDigit(b[i-1]) && isDigit(b[i+1]) {
			out.WriteString("\u00a0")
			continue
		}
		out.WriteByte(b[i])
	}
	return out.String()
}
