package document

import (
	"fmt"
	"strings"

	"github.com/citypath/citypath/internal/parallel"
	"github.com/citypath/citypath/internal/xmltext"
	"github.com/citypath/citypath/internal/zipx"
)

// Page geometry in twentieths of a point: A4 with 2 cm margins.
const (
	pageWidthTw  = 11906
	pageHeightTw = 16838
	marginTw     = 1134
	textWidthTw  = pageWidthTw - 2*marginTw
)

const (
	nsW = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
	nsR = `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
)

// DOCX writes the document as WordprocessingML. Headings use the built-in
// "heading 1-3" styles, so Word's navigation pane and LibreOffice's
// navigator list them; tables get numbered captions (a SEQ field) and a
// header row that repeats on every page. Everything stays editable.
func DOCX(doc *Document) ([]byte, error) {
	w := &docxWriter{doc: doc, media: map[string][]byte{}}
	// Drawing figures is most of a report's DOCX time; they are drawn side
	// by side, each into its own slot.
	var figs []*Figure
	for _, b := range doc.Blocks {
		if b.Kind == FigureBlock && b.Figure != nil {
			figs = append(figs, b.Figure)
		}
	}
	images, errs := make([][]byte, len(figs)), make([]error, len(figs))
	parallel.For(len(figs), func(i int) { images[i], errs[i] = PNG(figs[i]) })
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	w.images = images
	var body strings.Builder
	for i, b := range doc.Blocks {
		if err := w.block(&body, i, b); err != nil {
			return nil, err
		}
	}
	lang := doc.Language
	if lang == "" {
		lang = "en"
	}
	files := map[string][]byte{
		"[Content_Types].xml":          []byte(contentTypes),
		"_rels/.rels":                  []byte(packageRels),
		"docProps/app.xml":             []byte(xml + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>citypath</Application></Properties>`),
		"docProps/core.xml":            []byte(coreProps(doc, lang)),
		"word/_rels/document.xml.rels": []byte(w.rels()),
		"word/document.xml": []byte(xml + `<w:document ` + nsW + ` ` + nsR + `><w:body>` + body.String() +
			`<w:sectPr><w:footerReference w:type="default" r:id="rId4"/>` +
			fmt.Sprintf(`<w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="709" w:footer="709" w:gutter="0"/>`,
				pageWidthTw, pageHeightTw, marginTw, marginTw, marginTw, marginTw) +
			w.titlePage() + `</w:sectPr></w:body></w:document>`),
		"word/footer1.xml":   []byte(footer(cmpOr(doc.Footer, doc.Title))),
		"word/numbering.xml": []byte(w.numbering()),
		"word/settings.xml":  []byte(xml + `<w:settings ` + nsW + `><w:defaultTabStop w:val="708"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`),
		"word/styles.xml":    []byte(styles(lang)),
	}
	for name, data := range w.media {
		files["word/media/"+name] = data
	}
	return zipx.Deterministic(files)
}

// titlePage gives a document that opens with a cover a first page of its
// own, without the footer.
func (w *docxWriter) titlePage() string {
	if len(w.doc.Blocks) > 0 && w.doc.Blocks[0].Kind == CoverBlock {
		return `<w:titlePg/>`
	}
	return ""
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

type docxWriter struct {
	doc    *Document
	lists  int // numbered lists so far; each restarts at 1
	tables int
	figs   int
	media  map[string][]byte // word/media/ parts by name
	images [][]byte          // the figures drawn, in document order
}

func (w *docxWriter) block(b *strings.Builder, i int, bl Block) error {
	switch bl.Kind {
	case Heading:
		brk := ""
		if bl.NewPage {
			brk = `<w:pageBreakBefore/>`
		}
		fmt.Fprintf(b, `<w:p><w:pPr><w:pStyle w:val="Heading%d"/>%s</w:pPr>%s</w:p>`, bl.Level, brk, runs(bl.Text, false))
	case Paragraph:
		if bl.Note {
			fmt.Fprintf(b, `<w:p><w:pPr><w:pStyle w:val="Note"/></w:pPr>%s</w:p>`, runs(bl.Text, false))
			break
		}
		fmt.Fprintf(b, `<w:p>%s</w:p>`, runs(bl.Text, false))
	case FigureBlock:
		return w.figure(b, bl)
	case Contents:
		w.contents(b, i)
	case PageBreak:
		b.WriteString(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
	case CoverBlock:
		w.cover(b, bl.Cover)
	case Bullets, Numbered:
		numID := 1
		if bl.Kind == Numbered {
			w.lists++
			numID = 1 + w.lists
		}
		for _, it := range bl.Items {
			fmt.Fprintf(b, `<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="%d"/></w:numPr></w:pPr>%s</w:p>`, numID, runs(it, false))
		}
	case TableBlock:
		w.table(b, bl.Table)
	}
	return nil
}

// emu is English Metric Units per millimetre.
const emu = 36000

// figure places a figure as a PNG (Word cannot take our vectors) with its
// description as the image's alternative text, then a numbered caption.
func (w *docxWriter) figure(b *strings.Builder, bl Block) error {
	f := bl.Figure
	if f == nil || w.figs >= len(w.images) {
		return nil
	}
	img := w.images[w.figs]
	w.figs++
	name := fmt.Sprintf("figure%d.png", w.figs)
	w.media[name] = img
	scale := 1.0
	if text := float64(textWidthTw) / 56.7; f.Width > text {
		scale = text / f.Width
	}
	cx, cy := int(f.Width*scale*emu), int(f.Height*scale*emu)
	alt := xmlText(f.Alt)
	fmt.Fprintf(b, `<w:p><w:pPr><w:keepNext/><w:jc w:val="center"/></w:pPr><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">`+
		`<wp:extent cx="%d" cy="%d"/><wp:docPr id="%d" name="Figure %d" descr="%s"/>`+
		`<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/></wp:cNvGraphicFramePr>`+
		`<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">`+
		`<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="%d" name="%s" descr="%s"/><pic:cNvPicPr/></pic:nvPicPr>`+
		`<pic:blipFill><a:blip r:embed="rIdFig%d"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`+
		`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>`+
		`</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`,
		cx, cy, w.figs, w.figs, alt, w.figs, name, alt, w.figs, cx, cy)
	if len(bl.Text) > 0 {
		fmt.Fprintf(b, `<w:p><w:pPr><w:pStyle w:val="Caption"/></w:pPr><w:r><w:t xml:space="preserve">Figure </w:t></w:r>`+
			`<w:fldSimple w:instr=" SEQ Figure \* ARABIC "><w:r><w:t>%d</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve">: </w:t></w:r>%s</w:p>`,
			w.figs, runs(bl.Text, false))
	}
	return nil
}

// contents writes a table-of-contents field over the level-1 headings that
// follow, with their titles as its current result; Word and LibreOffice
// fill in the page numbers when the field is updated.
func (w *docxWriter) contents(b *strings.Builder, i int) {
	var entries []string
	for j := i + 1; j < len(w.doc.Blocks); j++ {
		if h := w.doc.Blocks[j]; h.Kind == Heading && h.Level == 1 {
			entries = append(entries, runs(h.Text, false))
		}
	}
	if len(entries) == 0 {
		return
	}
	for k, e := range entries {
		b.WriteString(`<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr>`)
		if k == 0 {
			b.WriteString(`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \o "1-1" \h \z \u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>`)
		}
		b.WriteString(e)
		if k == len(entries)-1 {
			b.WriteString(`<w:r><w:fldChar w:fldCharType="end"/></w:r>`)
		}
		b.WriteString(`</w:p>`)
	}
}

// cover writes the title page: title and subtitle, the facts as a
// borderless table, the note, and a page break.
func (w *docxWriter) cover(b *strings.Builder, c *Cover) {
	fmt.Fprintf(b, `<w:p><w:pPr><w:pStyle w:val="Subtitle"/></w:pPr><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>`, xmlText(c.Kicker))
	fmt.Fprintf(b, `<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>`, xmlText(c.Title))
	fmt.Fprintf(b, `<w:p><w:pPr><w:pStyle w:val="Subtitle"/></w:pPr><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>`, xmlText(c.Subtitle))
	if c.Heading != "" {
		fmt.Fprintf(b, `<w:p><w:pPr><w:spacing w:before="600"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r></w:p>`, xmlText(c.Heading))
	}
	if len(c.Facts) > 0 {
		b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/>`)
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/></w:tblGrid>`, textWidthTw-2000)
		for _, kv := range c.Facts {
			fmt.Fprintf(b, `<w:tr><w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr><w:p><w:r><w:rPr><w:color w:val="555C63"/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r></w:p></w:tc>`+
				`<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr><w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p></w:tc></w:tr>`,
				xmlText(kv[0]), textWidthTw-2000, xmlText(kv[1]))
		}
		b.WriteString(`</w:tbl>`)
	}
	if c.Note != "" {
		fmt.Fprintf(b, `<w:p><w:pPr><w:pStyle w:val="Note"/><w:spacing w:before="1200"/></w:pPr><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>`, xmlText(c.Note))
	}
	b.WriteString(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
}

func (w *docxWriter) rels() string {
	rels := documentRels
	var extra strings.Builder
	for i := 1; i <= w.figs; i++ {
		fmt.Fprintf(&extra, `<Relationship Id="rIdFig%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/figure%d.png"/>`, i, i)
	}
	return strings.Replace(rels, `</Relationships>`, extra.String()+`</Relationships>`, 1)
}

func (w *docxWriter) table(b *strings.Builder, t *Table) {
	if len(t.Caption) > 0 {
		w.tables++
		fmt.Fprintf(b, `<w:p><w:pPr><w:pStyle w:val="Caption"/><w:keepNext/></w:pPr><w:r><w:t xml:space="preserve">Table </w:t></w:r>`+
			`<w:fldSimple w:instr=" SEQ Table \* ARABIC "><w:r><w:t>%d</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve">: </w:t></w:r>%s</w:p>`,
			w.tables, runs(t.Caption, false))
	}
	widths := make([]int, len(t.Widths))
	for i, f := range t.Widths {
		widths[i] = int(f * textWidthTw)
	}
	b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
	for _, wd := range widths {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, wd)
	}
	b.WriteString(`</w:tblGrid>`)
	row := func(cells [][]Span, header bool, st RowStyle) {
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/>`)
		if header {
			b.WriteString(`<w:tblHeader/>`)
		}
		b.WriteString(`</w:trPr>`)
		if st.Band != nil && len(cells) > 0 {
			fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/><w:gridSpan w:val="%d"/><w:shd w:val="clear" w:color="auto" w:fill="%s"/></w:tcPr>`+
				`<w:p><w:pPr><w:pStyle w:val="TableText"/><w:keepNext/></w:pPr>%s</w:p></w:tc></w:tr>`,
				textWidthTw, len(widths), strings.TrimPrefix(st.Band.Hex(), "#"), strings.ReplaceAll(runs(cells[0], true), `<w:b/>`, `<w:b/><w:color w:val="FFFFFF"/>`))
			return
		}
		for i, c := range cells {
			fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, widths[i])
			if header {
				b.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="DCE3EE"/>`)
			}
			b.WriteString(`</w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/>`)
			switch t.Align[i] {
			case Right:
				b.WriteString(`<w:jc w:val="right"/>`)
			case Center:
				b.WriteString(`<w:jc w:val="center"/>`)
			}
			fmt.Fprintf(b, `</w:pPr>%s</w:p></w:tc>`, runs(c, header || st.Bold))
		}
		b.WriteString(`</w:tr>`)
	}
	row(t.Header, true, RowStyle{})
	for i, r := range t.Rows {
		row(r, false, t.Style(i))
	}
	b.WriteString(`</w:tbl><w:p><w:pPr><w:spacing w:after="60"/></w:pPr></w:p>`)
}

// runs writes spans as w:r elements; bold forces bold (header cells).
func runs(spans []Span, bold bool) string {
	var b strings.Builder
	for _, s := range spans {
		if s.Break {
			b.WriteString(`<w:r><w:br/></w:r>`)
			continue
		}
		b.WriteString(`<w:r>`)
		if s.Bold || s.Italic || bold {
			b.WriteString(`<w:rPr>`)
			if s.Bold || bold {
				b.WriteString(`<w:b/>`)
			}
			if s.Italic {
				b.WriteString(`<w:i/>`)
			}
			b.WriteString(`</w:rPr>`)
		}
		fmt.Fprintf(&b, `<w:t xml:space="preserve">%s</w:t></w:r>`, xmlText(joinDigits(s.Text)))
	}
	return b.String()
}

// xmlText escapes text for XML and drops characters XML 1.0 forbids, which
// would make Word refuse the whole file.
func xmlText(s string) string { return xmltext.Escape(s) }

func (w *docxWriter) numbering() string {
	var b strings.Builder
	b.WriteString(xml + `<w:numbering ` + nsW + `>`)
	lvl := func(format, text string) string {
		return `<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="` + format + `"/><w:lvlText w:val="` + text +
			`"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>`
	}
	b.WriteString(`<w:abstractNum w:abstractNumId="0">` + lvl("bullet", "•") + `</w:abstractNum>`)
	b.WriteString(`<w:abstractNum w:abstractNumId="1">` + lvl("decimal", "%1.") + `</w:abstractNum>`)
	b.WriteString(`<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`)
	for i := 1; i <= w.lists; i++ {
		fmt.Fprintf(&b, `<w:num w:numId="%d"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>`, 1+i)
	}
	b.WriteString(`</w:numbering>`)
	return b.String()
}

func coreProps(doc *Document, lang string) string {
	date := doc.Date.UTC().Format("2006-01-02T15:04:05Z")
	return xml + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + xmlText(doc.Title) + `</dc:title><dc:subject>` + xmlText(doc.Subject) + `</dc:subject><dc:creator>` + xmlText(doc.Author) + `</dc:creator>` +
		`<dc:language>` + xmlText(lang) + `</dc:language>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + date + `</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">` + date + `</dcterms:modified></cp:coreProperties>`
}

func footer(title string) string {
	return xml + `<w:ftr ` + nsW + `><w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>` +
		`<w:r><w:t xml:space="preserve">` + xmlText(title) + ` · page </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>` +
		`<w:r><w:t xml:space="preserve"> of </w:t></w:r><w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>`
}

const contentTypes = xml + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Default Extension="png" ContentType="image/png"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

const packageRels = xml + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const documentRels = xml + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
	`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
	`</Relationships>`

// styles defines the paragraph styles the writer uses. Heading styles carry
// the built-in names ("heading 1") and outline levels, which is what makes
// them headings to Word and LibreOffice rather than big bold text.
func styles(lang string) string {
	heading := func(n, size, before int) string {
		return fmt.Sprintf(`<w:style w:type="paragraph" w:styleId="Heading%d"><w:name w:val="heading %d"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>`+
			`<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="%d" w:after="120"/><w:outlineLvl w:val="%d"/></w:pPr>`+
			`<w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr></w:style>`, n, n, before, n-1, size, size)
	}
	border := func(side string) string {
		return `<w:` + side + ` w:val="single" w:sz="4" w:space="0" w:color="8C8C8C"/>`
	}
	return xml + `<w:styles ` + nsW + `>` +
		`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="` + xmlText(lang) + `"/></w:rPr></w:rPrDefault>` +
		`<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
		heading(1, 32, 360) + heading(2, 26, 280) + heading(3, 22, 200) +
		`<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="120" w:after="60"/></w:pPr><w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="60"/><w:ind w:left="720"/></w:pPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Note"><w:name w:val="Note"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="80"/></w:pPr><w:rPr><w:color w:val="555C63"/><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="120"/></w:pPr><w:rPr><w:b/><w:color w:val="145388"/><w:sz w:val="60"/><w:szCs w:val="60"/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:rPr><w:color w:val="555C63"/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:pPr><w:spacing w:after="80"/></w:pPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:rPr><w:color w:val="595959"/><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>` +
		`<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/></w:style>` +
		`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="100" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
		`<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>` +
		border("top") + border("left") + border("bottom") + border("right") + border("insideH") + border("insideV") +
		`</w:tblBorders></w:tblPr></w:style>` +
		`</w:styles>`
}
