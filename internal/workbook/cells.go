package workbook

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// The cells of a Book are kept here rather than in excelize: excelize's
// per-cell bookkeeping and its reflection-based marshalling of each
// worksheet were most of the time spent writing a workbook. excelize still
// writes every other part of a worksheet (columns, merges, panes,
// validations, protection, print setup); Bytes puts the cells in its
// place.

// Excel's limits: the last row and column, and the characters a cell holds
// (counted in UTF-16 units, as Excel does).
const (
	maxRow       = 1048576
	maxCol       = 16384
	maxCellChars = 32767
)

// cellKind is what a cell holds.
type cellKind uint8

const (
	kindBlank cellKind = iota // a style only, or nothing
	kindText
	kindNumber
	kindFormula
)

// resultKind is the kind of a formula's cached result.
type resultKind uint8

const (
	resultNone resultKind = iota
	resultNumber
	resultText
)

// cell is one cell of a sheet.
type cell struct {
	text   string  // the text, or the formula
	result string  // a formula's cached text result
	num    float64 // the number, or a formula's cached number result
	style  int
	kind   cellKind
	cached resultKind
}

// row is one row of a sheet: its cells by column, from A.
type row struct {
	cells []cell
	// height is the row's height in points when hasHeight is set.
	height    float64
	hasHeight bool
}

// sheetCells are the rows of a sheet, from row 1.
type sheetCells struct{ rows []row }

// at is the cell at col and row, made if need be; nil with an error kept
// when the sheet does not exist or the cell is outside Excel's grid.
func (b *Book) at(sheet string, col, r int) *cell {
	sc := b.rowOf(sheet, r)
	if sc == nil {
		return nil
	}
	if col < 1 || col > maxCol {
		b.Check(fmt.Errorf("workbook: %s: column %d is outside the sheet", sheet, col))
		return nil
	}
	if col > len(sc.cells) {
		sc.cells = append(sc.cells, make([]cell, col-len(sc.cells))...)
	}
	return &sc.cells[col-1]
}

// rowOf is row r of a sheet, made if need be.
func (b *Book) rowOf(sheet string, r int) *row {
	s, ok := b.cells[sheet]
	if !ok {
		b.Check(fmt.Errorf("workbook: sheet %s does not exist", sheet))
		return nil
	}
	if r < 1 || r > maxRow {
		b.Check(fmt.Errorf("workbook: %s: row %d is outside the sheet", sheet, r))
		return nil
	}
	if r > len(s.rows) {
		s.rows = append(s.rows, make([]row, r-len(s.rows))...)
	}
	return &s.rows[r-1]
}

// Value is a cell's value as written: its text, its number as the file
// holds it, or a formula's cached result; "" for a blank cell.
func (b *Book) Value(sheet string, col, r int) string {
	s, ok := b.cells[sheet]
	if !ok || r < 1 || r > len(s.rows) || col < 1 || col > len(s.rows[r-1].cells) {
		return ""
	}
	c := s.rows[r-1].cells[col-1]
	switch {
	case c.kind == kindText:
		return c.text
	case c.kind == kindNumber:
		return string(appendNumber(nil, c.num))
	case c.kind == kindFormula && c.cached == resultNumber:
		return strconv.FormatFloat(c.num, 'f', -1, 64)
	case c.kind == kindFormula && c.cached == resultText:
		return c.result
	}
	return ""
}

// StyleRange sets the style of every cell from fromCol, fromRow to toCol,
// toRow, keeping their values.
func (b *Book) StyleRange(sheet string, fromCol, fromRow, toCol, toRow int, style string) {
	id, ok := b.styleID(style)
	if !ok {
		return
	}
	for r := min(fromRow, toRow); r <= max(fromRow, toRow); r++ {
		for col := min(fromCol, toCol); col <= max(fromCol, toCol); col++ {
			c := b.at(sheet, col, r)
			if c == nil {
				return
			}
			c.style = id
		}
	}
}

// Merge merges the cells from one cell to another, e.g. Merge(s, "A2",
// "H2"). As in Excel, only the top left cell keeps its value; the others
// keep their style, which draws the merged cell's borders.
func (b *Book) Merge(sheet, from, to string) {
	c1, r1, err1 := excelize.CellNameToCoordinates(from)
	c2, r2, err2 := excelize.CellNameToCoordinates(to)
	err := b.F.MergeCell(sheet, from, to)
	s, ok := b.cells[sheet]
	if !ok || err1 != nil || err2 != nil || err != nil {
		b.Check(cmp.Or(err1, err2, err, fmt.Errorf("workbook: sheet %s does not exist", sheet)))
		return
	}
	c1, c2 = min(c1, c2), max(c1, c2)
	r1, r2 = min(r1, r2), max(r1, r2)
	if r1 == r2 && c2 > c1 {
		// Wrapped text in a merged row runs across all its columns, which
		// Bytes measures when it sizes the row.
		if b.spans[sheet] == nil {
			b.spans[sheet] = map[[2]int]int{}
		}
		b.spans[sheet][[2]int{c1, r1}] = c2
	}
	for r := r1; r <= r2 && r <= len(s.rows); r++ {
		cells := s.rows[r-1].cells
		for col := c1; col <= c2 && col <= len(cells); col++ {
			if col != c1 || r != r1 {
				cells[col-1] = cell{style: cells[col-1].style}
			}
		}
	}
}

// appendSheetData appends a sheet's cells as a worksheet's <sheetData>:
// rows in order, each cell with its style and value, text as inline
// strings so that no shared-string table has to be built.
func appendSheetData(out []byte, s *sheetCells, colNames *[]string) []byte {
	empty := true
	for i := range s.rows {
		rw := &s.rows[i]
		if !rw.hasHeight && !hasContent(rw.cells) {
			continue
		}
		if empty {
			out = append(out, "<sheetData>"...)
			empty = false
		}
		rowNum := strconv.AppendInt(nil, int64(i+1), 10)
		out = append(out, `<row r="`...)
		out = append(out, rowNum...)
		out = append(out, '"')
		if rw.hasHeight {
			out = append(out, ` ht="`...)
			out = strconv.AppendFloat(out, rw.height, 'g', -1, 64)
			out = append(out, `" customHeight="1"`...)
		}
		out = append(out, '>')
		for j := range rw.cells {
			c := &rw.cells[j]
			if c.kind == kindBlank && c.style == 0 {
				continue
			}
			out = append(out, `<c r="`...)
			out = append(out, colName(colNames, j+1)...)
			out = append(out, rowNum...)
			out = append(out, '"')
			if c.style != 0 {
				out = append(out, ` s="`...)
				out = strconv.AppendInt(out, int64(c.style), 10)
				out = append(out, '"')
			}
			switch c.kind {
			case kindBlank:
				out = append(out, "/>"...)
			case kindText:
				out = append(out, ` t="inlineStr"><is><t xml:space="preserve">`...)
				out = appendCellText(out, c.text)
				out = append(out, "</t></is></c>"...)
			case kindNumber:
				out = append(out, "><v>"...)
				out = appendNumber(out, c.num)
				out = append(out, "</v></c>"...)
			case kindFormula:
				// A formula without a known result is typed as text, as
				// excelize wrote it; readers compute it on opening.
				if c.cached != resultNumber {
					out = append(out, ` t="str"`...)
				}
				out = append(out, "><f>"...)
				out = appendEscaped(out, c.text)
				out = append(out, "</f>"...)
				switch c.cached {
				case resultNumber:
					out = append(out, "<v>"...)
					out = strconv.AppendFloat(out, c.num, 'f', -1, 64)
					out = append(out, "</v>"...)
				case resultText:
					out = append(out, "<v>"...)
					out = appendEscaped(out, c.result)
					out = append(out, "</v>"...)
				}
				out = append(out, "</c>"...)
			}
		}
		out = append(out, "</row>"...)
	}
	if empty {
		return append(out, "<sheetData/>"...)
	}
	return append(out, "</sheetData>"...)
}

// hasContent says whether any cell of a row is written.
func hasContent(cells []cell) bool {
	for i := range cells {
		if cells[i].kind != kindBlank || cells[i].style != 0 {
			return true
		}
	}
	return false
}

// colName is a column's name, from a cache of the names made so far.
func colName(names *[]string, col int) string {
	for len(*names) < col {
		*names = append(*names, Col(len(*names)+1))
	}
	return (*names)[col-1]
}

// replaceSheetData puts sheetData in the place of the empty <sheetData>
// excelize wrote in a worksheet part.
func replaceSheetData(part []byte, s *sheetCells, colNames *[]string) ([]byte, error) {
	i, n := bytes.Index(part, []byte("<sheetData></sheetData>")), len("<sheetData></sheetData>")
	if i < 0 {
		i, n = bytes.Index(part, []byte("<sheetData/>")), len("<sheetData/>")
	}
	if i < 0 {
		return nil, fmt.Errorf("workbook: a worksheet has cells excelize wrote")
	}
	out := make([]byte, 0, len(part)+sheetSize(s))
	out = append(out, part[:i]...)
	out = appendSheetData(out, s, colNames)
	return append(out, part[i+n:]...), nil
}

// sheetSize guesses the bytes of a sheet's cells, to allocate once.
func sheetSize(s *sheetCells) int {
	n := 32
	for i := range s.rows {
		n += 40
		for j := range s.rows[i].cells {
			c := &s.rows[i].cells[j]
			n += 24 + len(c.text) + len(c.result)
			if c.kind == kindText {
				n += 48
			}
		}
	}
	return n
}

// appendNumber appends a number as excelize writes it: the shortest
// decimal that reads back as v, cut after Excel's 15 significant digits
// (digits of the integer part beyond them become zeros).
func appendNumber(out []byte, v float64) []byte {
	start := len(out)
	out = strconv.AppendFloat(out, v, 'f', -1, 64)
	if math.Abs(v) == math.MaxFloat64 {
		return out
	}
	s := out[start:]
	dot := bytes.IndexByte(s, '.')
	digits := 0
	for i, ch := range s {
		if ch < '0' || ch > '9' || digits == 0 && ch == '0' {
			continue
		}
		if digits++; digits <= 15 {
			continue
		}
		if dot >= 0 && i > dot {
			return bytes.TrimSuffix(out[:start+i], []byte("."))
		}
		if dot < 0 {
			dot = len(s)
		}
		for j := i; j < dot; j++ {
			s[j] = '0'
		}
		return out[:start+dot]
	}
	return out
}

// appendCellText appends a text cell's value: cut at Excel's 32,767
// characters, escaped for XML, and with any _xHHHH_ in the text guarded
// by _x005F_ (an escaped underscore), since readers decode _xHHHH_ in
// cell text as the character HHHH.
func appendCellText(out []byte, s string) []byte {
	s = truncateUTF16(s, maxCellChars)
	for {
		i := indexEscapeCode(s)
		if i < 0 {
			return appendEscaped(out, s)
		}
		out = appendEscaped(out, s[:i])
		out = append(out, "_x005F"...)
		s = s[i:]
		out = append(out, '_')
		s = s[1:]
	}
}

// indexEscapeCode is the index of the first _xHHHH_ in s, or -1.
func indexEscapeCode(s string) int {
	for from := 0; ; {
		i := strings.Index(s[from:], "_x")
		if i < 0 {
			return -1
		}
		i += from
		if i+7 <= len(s) && s[i+6] == '_' && isHex(s[i+2:i+6]) {
			return i
		}
		from = i + 1
	}
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// truncateUTF16 cuts s to at most n UTF-16 units, between characters.
func truncateUTF16(s string, n int) string {
	if len(s) <= n {
		return s // a byte or more per unit
	}
	units := 0
	for i, r := range s {
		u := 1
		if r > 0xFFFF {
			u = 2
		}
		if units+u > n {
			return s[:i]
		}
		units += u
	}
	return s
}

// appendEscaped appends s as XML character data: & < > escaped, a
// carriage return as a reference (a reader would read a literal one as a
// line feed), and the characters XML 1.0 cannot hold dropped (as
// internal/xmltext does), since one of them makes Excel refuse the file.
func appendEscaped(out []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x80 && c != '&' && c != '<' && c != '>' {
			i++
			continue
		}
		out = append(out, s[start:i]...)
		size := 1
		switch {
		case c == '&':
			out = append(out, "&amp;"...)
		case c == '<':
			out = append(out, "&lt;"...)
		case c == '>':
			out = append(out, "&gt;"...)
		case c == '\r':
			out = append(out, "&#xD;"...)
		case c == '\t' || c == '\n':
			out = append(out, c)
		case c < 0x20:
			// dropped
		default:
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && size == 1:
				out = append(out, "\uFFFD"...)
			case r == 0xFFFE || r == 0xFFFF:
				// dropped
			default:
				out = append(out, s[i:i+size]...)
			}
		}
		i += size
		start = i
	}
	return append(out, s[start:]...)
}
