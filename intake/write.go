package intake

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/internal/workbook"
)

// Options are the choices of a new intake workbook.
type Options struct {
	// Lang is the language of the labels, e.g. "en".
	Lang string
}

// workbookDate is the date in the workbook's properties: a blank form has
// no date of its own, and a fixed one keeps its bytes the same on every run.
var workbookDate = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Rows of the instructions sheet a reader looks up (through defined names).
const (
	rowVersion  = 3
	rowLanguage = 4
)

func ptr[T any](v T) *T { return &v }

var (
	yellow  = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF7D6"}}
	grey    = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EDEDED"}}
	thin    = []excelize.Border{{Type: "left", Color: "B0B0B0", Style: 1}, {Type: "right", Color: "B0B0B0", Style: 1}, {Type: "top", Color: "B0B0B0", Style: 1}, {Type: "bottom", Color: "B0B0B0", Style: 1}}
	open    = &excelize.Protection{Locked: false}
	topWrap = &excelize.Alignment{WrapText: true, Vertical: "top"}
)

var styles = map[string]*excelize.Style{
	"title":    {Font: &excelize.Font{Bold: true, Size: 14}},
	"intro":    {Font: &excelize.Font{Italic: true}, Alignment: topWrap},
	"head":     {Font: &excelize.Font{Bold: true}, Fill: grey, Border: thin, Alignment: topWrap},
	"label":    {Alignment: topWrap, Border: thin},
	"dim":      {Font: &excelize.Font{Bold: true}, Alignment: topWrap, Border: thin, Fill: grey},
	"help":     {Font: &excelize.Font{Color: "595959", Size: 9}, Alignment: topWrap},
	"level":    {Font: &excelize.Font{Size: 8}, Alignment: topWrap, Border: thin},
	"na":       {Fill: grey, Border: thin},
	"in_text":  {Fill: yellow, Border: thin, Protection: open, NumFmt: 49, Alignment: topWrap},
	"in_num":   {Fill: yellow, Border: thin, Protection: open, Alignment: &excelize.Alignment{Vertical: "top"}},
	"in_date":  {Fill: yellow, Border: thin, Protection: open, CustomNumFmt: ptr("yyyy-mm-dd"), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}},
	"lookup":   {Font: &excelize.Font{Color: "595959"}, Alignment: topWrap, Border: thin},
	"version":  {Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Horizontal: "left"}},
	"list":     {},
	"listhead": {Font: &excelize.Font{Bold: true}},
}

// writer builds one workbook.
type writer struct {
	b     *workbook.Book
	cat   *catalog.Catalog
	lang  *Lang
	lists []list
	// helpCol is the column of a form's help on the sheet being written;
	// paragraphs span columns B to lastCol, width characters wide.
	helpCol, lastCol int
	width            float64
}

// New writes a blank intake workbook for the catalog in the chosen
// language: the same catalog and language give the same bytes.
func New(cat *catalog.Catalog, opts Options) ([]byte, error) {
	if opts.Lang == "" {
		opts.Lang = "en"
	}
	l, err := LoadLang(opts.Lang)
	if err != nil {
		return nil, err
	}
	ls, err := lists(cat, l)
	if err != nil {
		return nil, err
	}
	w := &writer{cat: cat, lang: l, lists: ls}
	w.b = workbook.New(workbook.Props{
		Title: l.Titles["instructions"], Subject: "citypath intake format " + strconv.Itoa(FormatVersion),
		Creator: "citypath", Language: l.Language, Date: workbookDate,
	}, styles)
	names := []string{l.Sheets["instructions"]}
	for _, s := range sections {
		names = append(names, l.Sheets[s])
	}
	names = append(names, l.Sheets["lists"])
	w.b.Sheets(names...)
	w.instructions()
	w.listSheet()
	for _, sl := range layouts[FormatVersion] {
		w.section(sl)
	}
	for _, name := range names {
		w.b.Protect(name)
	}
	w.b.Hide(l.Sheets["lists"])
	w.b.LockStructure()
	return w.b.Bytes()
}

// ref is an absolute reference to a cell or range of a sheet.
func ref(sheet, cells string) string {
	return quoteSheet(sheet) + "!" + cells
}

// quoteSheet quotes a sheet name for a reference when it needs it.
func quoteSheet(sheet string) string {
	for _, r := range sheet {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
		}
	}
	return sheet
}

func abs(col, row int) string { return "$" + workbook.Col(col) + "$" + strconv.Itoa(row) }

func (w *writer) instructions() {
	s, l := w.lang.Sheets["instructions"], w.lang
	w.b.Widths(s, 28, 100)
	w.b.PrintSetup(s, workbook.Print{PageNumbers: true})
	w.b.Text(s, 1, 1, l.Titles["instructions"], "title")
	w.b.Text(s, 1, rowVersion, l.Version, "")
	w.b.Number(s, 2, rowVersion, FormatVersion, "version")
	w.b.Text(s, 1, rowLanguage, l.LanguageCell, "")
	w.b.Text(s, 2, rowLanguage, l.Language, "version")
	w.b.Text(s, 1, rowLanguage+1, l.Catalog, "")
	w.b.Text(s, 2, rowLanguage+1, w.cat.Meta.Release, "version")
	for i, p := range l.Instructions {
		w.b.Text(s, 1, rowLanguage+3+i, strconv.Itoa(i+1)+".", "label")
		w.b.Text(s, 2, rowLanguage+3+i, p, "intro")
	}
	w.b.Name(nameVersion, ref(s, abs(2, rowVersion)))
	w.b.Name(nameLanguage, ref(s, abs(2, rowLanguage)))
}

// listSheet writes each list in a column, with the names beside the ids
// where a lookup shows them, and a defined name per list.
func (w *writer) listSheet() {
	s := w.lang.Sheets["lists"]
	col := 1
	for _, li := range w.lists {
		w.b.Text(s, col, 1, li.id, "listhead")
		for i, v := range li.values {
			w.b.Text(s, col, i+2, v, "list")
			if li.names != nil {
				w.b.Text(s, col+1, i+2, li.names[i], "list")
			}
		}
		last := len(li.values) + 1
		w.b.Name("list_"+li.id, ref(s, abs(col, 2)+":"+abs(col, last)))
		if li.names != nil {
			w.b.Name("names_"+li.id, ref(s, abs(col, 2)+":"+abs(col+1, last)))
			col++
		}
		col++
	}
}

// section writes one section's sheet: title, introduction, form rows,
// dimension rows or driver rows, then its tables.
func (w *writer) section(sl sheetLayout) {
	s, l := w.lang.Sheets[sl.section], w.lang
	w.b.Name(nameSheetPrefix+sl.section, ref(s, "$A$1"))
	w.b.PrintSetup(s, workbook.Print{Landscape: sl.dimensions || sl.section == "in_place", PageNumbers: true,
		Header: [2]string{l.Titles["instructions"], s}})
	w.b.HideCols(s, "A", "A")
	widths := []float64{4, 34, 24, 60, 30}
	w.helpCol = colHelp
	switch {
	case sl.dimensions:
		widths = []float64{4, 34, 12, 10, 24, 28, 28, 28, 28, 28}
		w.helpCol = colLevel1 // beside the form's answers, across the level columns
	case sl.section == "in_place":
		widths = []float64{4, 30, 12, 14, 44, 36, 44}
	case sl.section == "infrastructure":
		widths = []float64{4, 34, 24, 50, 10, 30}
	}
	w.b.Widths(s, widths...)
	w.lastCol, w.width = len(widths), 0
	for _, x := range widths[1:] {
		w.width += x
	}
	w.b.Text(s, colLabel, 1, l.Titles[sl.section], "title")
	row := 2
	if intro := l.Intros[sl.section]; intro != "" {
		w.paragraph(s, row, intro, "intro")
		row++
	}
	row++
	if len(sl.form) > 0 || sl.drivers {
		w.b.Text(s, colLabel, row, l.Headings["field"], "head")
		w.b.Text(s, colValue, row, l.Headings["value"], "head")
		w.b.Text(s, w.helpCol, row, l.Headings["help"], "head")
		row++
	}
	for _, f := range sl.form {
		lab := l.Fields[f.key]
		w.formRow(s, row, f, lab.Label, lab.Help)
		row++
	}
	if sl.drivers {
		for _, d := range w.cat.Drivers.Drivers {
			w.formRow(s, row, field{key: "assets." + d.ID, kind: kindNumber}, fmt.Sprintf("%s (%s)", capitalise(d.Name), d.Unit), d.DefaultBasis)
			row++
		}
	}
	if sl.dimensions {
		row = w.dimensions(s, row+1)
	}
	for _, t := range sl.tables {
		row = w.table(s, row+1, t)
	}
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// paragraph writes text across columns B to D, as tall as it needs.
func (w *writer) paragraph(s string, row int, text, style string) {
	w.b.Text(s, colLabel, row, text, "")
	w.b.Styled(s, colLabel, row, style)
	w.b.Merge(s, workbook.Cell(colLabel, row), workbook.Cell(w.lastCol, row))
	w.b.Height(s, row, float64(workbook.Lines(text, w.width))*12.75+3)
}

func (w *writer) formRow(s string, row int, f field, label, help string) {
	w.b.Text(s, colKey, row, f.key, "")
	w.b.Text(s, colLabel, row, label, "label")
	w.input(s, colValue, row, row, f, f.key, label)
	w.b.Text(s, w.helpCol, row, help, "help")
	if w.helpCol != colHelp {
		w.b.Merge(s, workbook.Cell(w.helpCol, row), workbook.Cell(w.lastCol, row))
	}
}

// input styles and checks the input cells of one column, rows from..to.
func (w *writer) input(s string, col, from, to int, f field, path, title string) {
	style := "in_text"
	switch f.kind {
	case kindInt, kindNumber:
		style = "in_num"
	case kindDate:
		style = "in_date"
	}
	for r := from; r <= to; r++ {
		w.b.Styled(s, col, r, style)
	}
	cells := workbook.Cell(col, from)
	if to > from {
		cells += ":" + workbook.Cell(col, to)
	}
	p := schemaProp(path)
	v := workbook.Validation{Title: title}
	switch f.kind {
	case kindInt, kindNumber:
		lo, hi := 0.0, 1e15
		if p.Minimum != nil {
			lo = *p.Minimum
		}
		if p.Maximum != nil {
			hi = *p.Maximum
		}
		v.Kind, v.Min, v.Max = workbook.CheckDecimal, lo, hi
		if f.kind == kindInt {
			v.Kind = workbook.CheckWhole
		}
		v.Message = fmt.Sprintf("a number from %s to %s", num(lo), num(hi))
	case kindDate:
		v.Kind, v.Min, v.Max = workbook.CheckDate, 1.0, serial(2999, 12, 31) // 1 is 1900-01-01
		v.Message = "a date between 1900-01-01 and 2999-12-31, e.g. 2026-09-15"
	case kindMonth, kindSince:
		v.Kind, v.Max = workbook.CheckLength, 10
		v.Message = "YYYY-MM, e.g. 2027-01"
		if f.kind == kindSince {
			v.Message = "YYYY-MM or YYYY, e.g. 2021-06 or 2021"
		}
		v.Prompt = v.Message
	case kindBool:
		v.Kind, v.List = workbook.CheckList, "list_yes_no"
		v.Message = w.lang.Yes + " / " + w.lang.No
	case kindChoice:
		v.Kind, v.List = workbook.CheckList, "list_"+f.list
		v.Message = "pick a value from the list"
	default:
		max := 200
		if p.MaxLength != nil {
			max = *p.MaxLength
		}
		if f.kind == kindTextList {
			max = 2000 // several values, each of at most 200
		}
		v.Kind, v.Max = workbook.CheckLength, max
		v.Message = fmt.Sprintf("at most %d characters", max)
	}
	w.b.Validate(s, cells, v)
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// serial is a date's serial number in the 1900 date system, for dates
// from 1900-03-01 on (spreadsheets count a 29 February 1900 before it).
func serial(y int, m time.Month, d int) float64 {
	days := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() - time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).Unix()
	return float64(days / 86400)
}

// dimensions writes a row per dimension and per indicator: the score, the
// target and a note, and beside each indicator the descriptors of the five
// levels, so that a city scores against what each level looks like.
func (w *writer) dimensions(s string, row int) int {
	l := w.lang
	w.b.Text(s, colLabel, row, l.Headings["dimension"], "head")
	w.b.Text(s, colScore, row, l.Headings["score"], "head")
	w.b.Text(s, colTarget, row, l.Headings["target"], "head")
	w.b.Text(s, colNote, row, l.Headings["note"], "head")
	levels := w.cat.Meta.Levels
	for i, lv := range levels {
		span := num(lv.MinScore) + "–100"
		if i+1 < len(levels) {
			span = num(lv.MinScore) + "–" + num(levels[i+1].MinScore)
		}
		w.b.Text(s, colLevel1+i, row, fmt.Sprintf("%d %s (%s)", lv.Level, lv.Name, span), "head")
	}
	row++
	// Scores are checked against the scale chosen above: 1-5 or 0-100.
	scaleCell := ""
	for r := 1; r < row; r++ {
		if w.b.Value(s, colKey, r) == "assessment.scale" {
			scaleCell = abs(colValue, r)
		}
	}
	lo := fmt.Sprintf(`IF(%s="1-5",1,0)`, scaleCell)
	hi := fmt.Sprintf(`IF(%s="1-5",5,100)`, scaleCell)
	score := func(r int, name, help string) {
		w.b.Styled(s, colScore, r, "in_num")
		if len(help) > 250 {
			help = help[:250]
		}
		w.b.Validate(s, workbook.Cell(colScore, r), workbook.Validation{Kind: workbook.CheckDecimal, Min: lo, Max: hi,
			Title: truncate(name, 32), Message: "a score on the assessment's scale: 0-100, or 1-5", Prompt: help})
	}
	for _, d := range w.cat.Dimensions {
		key := "assessment.dimensions." + d.ID
		w.b.Text(s, colKey, row, key, "")
		w.b.Text(s, colLabel, row, d.Name, "dim")
		score(row, d.Name, d.Description)
		w.input(s, colTarget, row, row, field{kind: kindInt}, "assessment.dimensions", d.Name)
		w.b.Validate(s, workbook.Cell(colTarget, row), workbook.Validation{Kind: workbook.CheckWhole, Min: 1, Max: 5, Title: truncate(d.Name, 32), Message: "a level from 1 to 5"})
		w.input(s, colNote, row, row, field{}, "assessment.dimensions", d.Name)
		w.b.Text(s, colLevel1, row, d.Description, "help")
		w.b.Merge(s, workbook.Cell(colLevel1, row), workbook.Cell(colLevel1+len(levels)-1, row))
		w.b.Height(s, row, float64(workbook.Lines(d.Description, 28*5))*12.75+3)
		row++
		for _, ind := range d.Indicators {
			w.b.Text(s, colKey, row, key+".indicators."+ind.ID, "")
			w.b.Text(s, colLabel, row, "   "+ind.Name, "label")
			score(row, ind.Name, ind.Description)
			w.b.Styled(s, colTarget, row, "na")
			w.b.Styled(s, colNote, row, "na")
			for i, desc := range ind.Levels {
				w.b.Text(s, colLevel1+i, row, desc, "level")
			}
			row++
		}
	}
	return row
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// table writes a table's title, help, header and input rows.
func (w *writer) table(s string, row int, t table) int {
	lt := w.lang.Tables[t.key]
	w.b.Text(s, colLabel, row, lt.Title, "title")
	row++
	if lt.Help != "" {
		w.paragraph(s, row, lt.Help, "help")
		row++
	}
	rows := t.rows
	if rows < 0 {
		rows = len(w.cat.Initiatives)
	}
	for i, c := range t.cols {
		w.b.Text(s, colTable+i, row, lt.Columns[c.key], "head")
	}
	if t.names != "" {
		w.b.Text(s, colTable+len(t.cols), row, lt.Columns["name"], "head")
	}
	row++
	first, last := row, row+rows-1
	for r := first; r <= last; r++ {
		w.b.Text(s, colKey, r, t.key, "")
		if t.names != "" {
			id := workbook.Cell(colTable, r)
			w.b.FormulaCached(s, colTable+len(t.cols), r,
				fmt.Sprintf(`IF(%s="","",IFERROR(VLOOKUP(%s,names_%s,2,FALSE),""))`, id, id, t.names), "", "lookup")
		}
	}
	for i, c := range t.cols {
		w.input(s, colTable+i, first, last, c, columnPath(t, c), lt.Columns[c.key])
	}
	return last + 1
}
