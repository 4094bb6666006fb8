// Package workbook is citypath's one XLSX builder, over excelize: named
// styles created in a stable order, cells written as text unless the
// workbook itself asks for a number or a formula (so that text from a city
// file that starts with = + - or @ never becomes a formula), row heights
// sized to wrapped text, print setup, and a deterministic zip. The council
// workbook and the tender spreadsheets are both built with it.
//
// The cells are kept and written by the Book itself, and a workbook starts
// from a template per set of styles: excelize's per-cell bookkeeping, its
// marshalling of worksheets and its new-file setup were most of the time a
// batch spent writing workbooks. excelize writes everything else.
package workbook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/citypath/citypath/internal/zipx"
)

// Props are a workbook's document properties.
type Props struct {
	Title, Subject, Creator, Description, Language, Identifier string
	// Date is the creation and modification date: the document date, so
	// that the same inputs give the same bytes.
	Date time.Time
	// Font is the default font; empty keeps excelize's.
	Font string
}

// Book is a workbook being built. The first error is kept and returned by
// Bytes, so that building code need not check every call.
//
// The cells are the Book's own (see cells.go); F, the excelize file,
// holds everything else and must not be given cell values or styles.
type Book struct {
	F      *excelize.File
	err    error
	styles map[string]int
	wraps  map[string]bool
	sheets []string
	cells  map[string]*sheetCells
	texts  map[string][]wrapped
	widths map[string]map[int]float64
	// spans are the last column of each merged one-row range, by sheet and
	// the range's first cell (column, row).
	spans map[string]map[[2]int]int
	fixed map[string]map[int]bool
	// aside are the parts of the template the workbook was opened from
	// that Bytes puts in the file instead of excelize's.
	aside map[string][]byte
}

// wrapped is a text cell in a wrapping style, measured when the workbook
// is written, once the column widths are known.
type wrapped struct {
	col, row int
	text     string
}

// New starts a workbook with the named styles. Styles are created in name
// order, so their ids, and the file's bytes, are the same on every run.
func New(p Props, styles map[string]*excelize.Style) *Book { return newBook(p, styles, true) }

// newBook is New, from a template or, when there is none or useTemplate is
// false, from excelize's new file.
func newBook(p Props, styles map[string]*excelize.Style, useTemplate bool) *Book {
	b := &Book{styles: map[string]int{}, wraps: map[string]bool{}, cells: map[string]*sheetCells{},
		texts: map[string][]wrapped{}, widths: map[string]map[int]float64{}, spans: map[string]map[[2]int]int{}, fixed: map[string]map[int]bool{}}
	if useTemplate {
		if t, err := templateFor(p.Font, styles); err == nil {
			if f, err := excelize.OpenReader(bytes.NewReader(t.zip)); err == nil {
				b.F, b.aside = f, t.aside
				maps.Copy(b.styles, t.styles)
				maps.Copy(b.wraps, t.wraps)
			}
		}
	}
	if b.F == nil {
		// Without a template, the workbook starts from excelize's, which
		// reports what is wrong with the styles.
		b.F = excelize.NewFile()
		// Without its parsed Theme, excelize writes its template theme
		// as it is instead of marshalling it again: the same theme, and
		// the same bytes as a workbook from a template.
		b.F.Theme = nil
		b.setup(p.Font, styles)
	}
	date := p.Date.UTC().Format("2006-01-02T15:04:05Z")
	b.Check(b.F.SetDocProps(&excelize.DocProperties{
		Title: p.Title, Subject: p.Subject, Creator: p.Creator, LastModifiedBy: "citypath", Description: p.Description,
		Created: date, Modified: date, Language: p.Language, Identifier: p.Identifier,
	}))
	return b
}

// setup gives a new excelize file what every workbook with these styles
// shares: the default font, the application, calculation on opening, and
// the styles.
func (b *Book) setup(font string, styles map[string]*excelize.Style) {
	f := b.F
	if font != "" {
		b.Check(f.SetDefaultFont(font))
	}
	b.Check(f.SetAppProps(&excelize.AppProperties{Application: "citypath"}))
	// Ask every reader to compute the formulas when the file opens.
	full := true
	b.Check(f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}))
	names := make([]string, 0, len(styles))
	for name := range styles {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		id, err := f.NewStyle(styles[name])
		b.Check(err)
		b.styles[name] = id
		if a := styles[name].Alignment; a != nil && a.WrapText {
			b.wraps[name] = true
		}
	}
}

// A template is the start of every workbook with one font and set of
// styles, as excelize writes it: opening it costs less than excelize's
// NewFile, which parses its theme, and creating the styles again. The
// theme and the styles are kept aside, since parsing them was most of the
// cost of opening, and Bytes puts them back: a Book never asks excelize
// about styles once they are made.
type template struct {
	zip    []byte
	aside  map[string][]byte
	styles map[string]int
	wraps  map[string]bool
}

// asidePaths are the parts a template keeps aside.
var asidePaths = []string{"xl/theme/theme1.xml", "xl/styles.xml"}

// templates are the templates made so far, by font and styles; a program
// uses a few sets of styles, and the cache starts again empty past
// maxTemplates.
var templates struct {
	sync.Mutex
	byKey map[string]*template
}

const maxTemplates = 64

// templateFor is the template for a font and styles, made if need be.
func templateFor(font string, styles map[string]*excelize.Style) (*template, error) {
	js, err := json.Marshal(styles) // map keys in order, every field
	if err != nil {
		return nil, err
	}
	key := font + "\x00" + string(js)
	templates.Lock()
	t, ok := templates.byKey[key]
	templates.Unlock()
	if ok {
		return t, nil
	}
	if t, err = newTemplate(font, styles); err != nil {
		return nil, err
	}
	templates.Lock()
	if len(templates.byKey) >= maxTemplates {
		templates.byKey = nil
	}
	if templates.byKey == nil {
		templates.byKey = map[string]*template{}
	}
	templates.byKey[key] = t
	templates.Unlock()
	return t, nil
}

func newTemplate(font string, styles map[string]*excelize.Style) (*template, error) {
	b := &Book{F: excelize.NewFile(), styles: map[string]int{}, wraps: map[string]bool{}}
	defer b.F.Close()
	b.F.Theme = nil // the template theme, as it is
	b.setup(font, styles)
	if b.err != nil {
		return nil, b.err
	}
	parts := &partCollector{files: map[string]*bytes.Buffer{}}
	b.F.SetZipWriter(func(io.Writer) excelize.ZipWriter { return parts })
	if _, err := b.F.WriteToBuffer(); err != nil {
		return nil, err
	}
	files := parts.bytes()
	t := &template{aside: map[string][]byte{}, styles: b.styles, wraps: b.wraps}
	for _, path := range asidePaths {
		if files[path] == nil {
			return nil, fmt.Errorf("workbook: excelize wrote no %s", path)
		}
		t.aside[path] = files[path]
		delete(files, path)
	}
	var err error
	t.zip, err = zipx.Stored(files)
	return t, err
}

// Check keeps the first error.
func (b *Book) Check(err error) {
	if err != nil && b.err == nil {
		b.err = err
	}
}

// Err is the first error so far.
func (b *Book) Err() error { return b.err }

// Sheets adds the sheets in order; the first takes the place of Sheet1.
func (b *Book) Sheets(names ...string) {
	for _, name := range names {
		if len(b.sheets) == 0 {
			b.Check(b.F.SetSheetName("Sheet1", name))
		} else {
			_, err := b.F.NewSheet(name)
			b.Check(err)
		}
		b.sheets = append(b.sheets, name)
		if _, ok := b.cells[name]; !ok {
			b.cells[name] = &sheetCells{}
		}
	}
}

// Cell names a cell, e.g. Cell(2, 3) is B3.
func Cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// Col names a column, e.g. Col(2) is B.
func Col(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name
}

// Text writes a string cell, always as text, in a style ("" keeps the
// cell's style).
func (b *Book) Text(sheet string, col, row int, s, style string) {
	if c := b.at(sheet, col, row); c != nil {
		*c = cell{kind: kindText, text: s, style: c.style}
	}
	b.Styled(sheet, col, row, style)
	if b.wraps[style] {
		b.texts[sheet] = append(b.texts[sheet], wrapped{col, row, s})
	}
}

// Number writes a number cell. NaN and infinities, which a cell cannot
// hold, are written as text.
func (b *Book) Number(sheet string, col, row int, v float64, style string) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		b.Text(sheet, col, row, fmt.Sprint(v), style)
		return
	}
	if c := b.at(sheet, col, row); c != nil {
		*c = cell{kind: kindNumber, num: v, style: c.style}
	}
	b.Styled(sheet, col, row, style)
}

// Formula writes one of the workbook's own formulas.
func (b *Book) Formula(sheet string, col, row int, formula, style string) {
	b.FormulaCached(sheet, col, row, formula, nil, style)
}

// FormulaCached writes one of the workbook's own formulas with the result
// it gives for the inputs as written (a float64 or a string; anything else
// is not written). Readers that do not calculate, previews and phone
// viewers, show that result instead of an empty cell; every reader that
// calculates replaces it.
func (b *Book) FormulaCached(sheet string, col, row int, formula string, result any, style string) {
	c := b.at(sheet, col, row)
	if c == nil {
		return
	}
	*c = cell{kind: kindFormula, text: formula, style: c.style}
	if formula == "" {
		// No formula is a blank cell, as excelize made it.
		*c = cell{style: c.style}
	}
	switch v := result.(type) {
	case float64:
		c.cached, c.num = resultNumber, v
	case string:
		c.cached, c.result = resultText, v
	}
	b.Styled(sheet, col, row, style)
}

// Styled sets a cell's style; "" leaves it alone.
func (b *Book) Styled(sheet string, col, row int, style string) {
	if style == "" {
		return
	}
	id, ok := b.styleID(style)
	if !ok {
		return
	}
	if c := b.at(sheet, col, row); c != nil {
		c.style = id
	}
}

// styleID is a named style's id; an unknown name is an error kept.
func (b *Book) styleID(style string) (int, bool) {
	id, ok := b.styles[style]
	if !ok {
		b.Check(fmt.Errorf("workbook: no style %q", style))
	}
	return id, ok
}

// StyleID is a named style's id, as readers such as excelize's
// GetCellStyle report it.
func (b *Book) StyleID(style string) int {
	id, _ := b.styleID(style)
	return id
}

// Widths sets the widths of the columns from A on, in characters.
func (b *Book) Widths(sheet string, ws ...float64) {
	// Runs of equal widths take one call: excelize flattens its columns
	// on every call, which grows with the columns set so far.
	for from := 0; from < len(ws); {
		to := from
		for to+1 < len(ws) && ws[to+1] == ws[from] {
			to++
		}
		b.WidthRange(sheet, from+1, to+1, ws[from])
		from = to + 1
	}
}

// Width sets one column's width in characters.
func (b *Book) Width(sheet string, col int, w float64) { b.WidthRange(sheet, col, col, w) }

// WidthRange sets the width of the columns from one to another, in
// characters.
func (b *Book) WidthRange(sheet string, from, to int, w float64) {
	b.Check(b.F.SetColWidth(sheet, Col(from), Col(to), w))
	if b.widths[sheet] == nil {
		b.widths[sheet] = map[int]float64{}
	}
	for col := min(from, to); col <= max(from, to) && col <= maxCol; col++ {
		b.widths[sheet][col] = w
	}
}

// Height fixes a row's height in points, overriding the estimate; -1
// returns the row to the default height.
func (b *Book) Height(sheet string, row int, points float64) {
	if b.fixed[sheet] == nil {
		b.fixed[sheet] = map[int]bool{}
	}
	b.fixed[sheet][row] = true
	b.setHeight(sheet, row, points)
}

// setHeight sets a row's height, within the limits Excel allows.
func (b *Book) setHeight(sheet string, row int, points float64) {
	if points > excelize.MaxRowHeight {
		b.Check(excelize.ErrMaxRowHeight)
		return
	}
	if points < -1 || math.IsNaN(points) {
		b.Check(fmt.Errorf("workbook: %s: row %d: height %g", sheet, row, points))
		return
	}
	if r := b.rowOf(sheet, row); r != nil {
		r.height, r.hasHeight = points, points != -1
	}
}

// Print is a sheet's print setup.
type Print struct {
	Landscape bool
	// TitleRow repeats on every printed page; 0 for none.
	TitleRow int
	// Header and Footer are plain text, left and right; & is escaped.
	Header [2]string
	// PageNumbers prints "Page N of M" in the footer.
	PageNumbers bool
}

// PrintSetup prints the sheet on A4, one page wide.
func (b *Book) PrintSetup(sheet string, p Print) {
	orient := "portrait"
	if p.Landscape {
		orient = "landscape"
	}
	a4, one, anyHeight, fit := 9, 1, 0, true
	b.Check(b.F.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &orient, FitToWidth: &one, FitToHeight: &anyHeight}))
	b.Check(b.F.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
	hf := &excelize.HeaderFooterOptions{}
	if p.Header != [2]string{} {
		hf.OddHeader = "&L" + escapeHF(p.Header[0]) + "&R" + escapeHF(p.Header[1])
	}
	if p.PageNumbers {
		hf.OddFooter = "&CPage &P of &N"
	}
	if *hf != (excelize.HeaderFooterOptions{}) {
		b.Check(b.F.SetHeaderFooter(sheet, hf))
	}
	if p.TitleRow > 0 {
		b.Check(b.F.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sheet, p.TitleRow, p.TitleRow), Scope: sheet}))
	}
}

// escapeHF escapes & in header and footer text, where it starts a code.
func escapeHF(s string) string { return strings.ReplaceAll(s, "&", "&&") }

// Bytes sizes the rows of wrapped text, which readers do not do on
// opening, and writes the workbook.
func (b *Book) Bytes() ([]byte, error) {
	defer b.F.Close()
	sheets := make([]string, 0, len(b.texts))
	for s := range b.texts {
		sheets = append(sheets, s)
	}
	sort.Strings(sheets)
	for _, sheet := range sheets {
		lines := map[int]int{}
		for _, t := range b.texts[sheet] {
			w := 0.0
			last := max(t.col, b.spans[sheet][[2]int{t.col, t.row}])
			for c := t.col; c <= last; c++ {
				cw := b.widths[sheet][c]
				if cw <= 0 {
					cw = 9
				}
				w += cw
			}
			lines[t.row] = max(lines[t.row], Lines(t.text, w))
		}
		rows := make([]int, 0, len(lines))
		for r := range lines {
			rows = append(rows, r)
		}
		slices.Sort(rows)
		for _, r := range rows {
			if n := lines[r]; n > 1 && !b.fixed[sheet][r] {
				b.setHeight(sheet, r, float64(n)*12.75+3)
			}
		}
	}
	if b.err != nil {
		return nil, b.err
	}
	paths := map[string]string{}
	for id, name := range b.F.GetSheetMap() {
		paths[name] = fmt.Sprintf("xl/worksheets/sheet%d.xml", id)
	}
	// excelize hands its parts to a collector rather than compressing
	// them into a zip that would be unpacked again here: the parts are
	// fixed up and compressed once, deterministically.
	parts := &partCollector{files: map[string]*bytes.Buffer{}}
	b.F.SetZipWriter(func(io.Writer) excelize.ZipWriter { return parts })
	if _, err := b.F.WriteToBuffer(); err != nil {
		return nil, err
	}
	files := parts.bytes()
	maps.Copy(files, b.aside)
	stableContentTypes(files)
	var colNames []string
	for _, name := range b.sheets {
		part, ok := files[paths[name]]
		if !ok {
			return nil, fmt.Errorf("workbook: no part for sheet %q", name)
		}
		part, err := replaceSheetData(part, b.cells[name], &colNames)
		if err != nil {
			return nil, fmt.Errorf("%w: sheet %q", err, name)
		}
		files[paths[name]] = part
	}
	return zipx.Deterministic(files)
}

// partCollector takes the parts excelize writes, in memory and
// uncompressed.
type partCollector struct{ files map[string]*bytes.Buffer }

func (p *partCollector) Create(name string) (io.Writer, error) {
	b := &bytes.Buffer{}
	p.files[name] = b
	return b, nil
}

// AddFS is how excelize copies parts it did not parse; a workbook built
// from scratch has none.
func (p *partCollector) AddFS(fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		p.files[name] = bytes.NewBuffer(data)
		return nil
	})
}

func (p *partCollector) Close() error { return nil }

func (p *partCollector) bytes() map[string][]byte {
	out := make(map[string][]byte, len(p.files))
	for name, b := range p.files {
		out[name] = b.Bytes()
	}
	return out
}

// Lines estimates how many lines text takes in a column w characters
// wide: a column width counts digit widths, and running text fits about
// 1.2 characters per unit.
func Lines(text string, w float64) int {
	n := 0
	for _, para := range strings.Split(text, "\n") {
		n += max(1, int(math.Ceil(float64(utf8.RuneCountInString(para))/(w*1.2))))
	}
	return n
}

var defaultTypeRe = regexp.MustCompile(`<Default [^>]*?(/>|></Default>)`)

// stableContentTypes sorts the <Default> entries of [Content_Types].xml:
// excelize writes the image types it registers for a drawing in map order,
// which would make two renderings of the same workbook differ.
func stableContentTypes(files map[string][]byte) {
	ct := files["[Content_Types].xml"]
	defaults := defaultTypeRe.FindAll(ct, -1)
	if slices.IsSortedFunc(defaults, bytes.Compare) {
		return
	}
	slices.SortFunc(defaults, bytes.Compare)
	i := 0
	files["[Content_Types].xml"] = defaultTypeRe.ReplaceAllFunc(ct, func([]byte) []byte { i++; return defaults[i-1] })
}
