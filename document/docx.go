package document

import (
	"fmt"
	"strings"

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
	w := &docxWriter{}
	var body strings.Builder
	for _, b := range doc.Blocks {
		w.block(&body, b)
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
		"word/_rels/document.xml.rels": []byte(documentRels),
		"word/document.xml": []byte(xml + `<w:document ` + nsW + ` ` + nsR + `><w:body>` + body.String() +
			`<w:sectPr><w:footerReference w:type="default" r:id="rId4"/>` +
			fmt.Sprintf(`<w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="709" w:footer="709" w:gutter="0"/>`,
				pageWidthTw, pageHeightTw, marginTw, marginTw, marginTw, marginTw) +
			`</w:sectPr></w:body></w:document>`),
		"word/footer1.xml":   []byte(footer(doc.Title)),
		"word/numbering.xml": []byte(w.numbering()),
		"word/settings.xml":  []byte(xml + `<w:settings ` + nsW + `><w:defaultTabStop w:val="708"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`),
		"word/styles.xml":    []byte(styles(lang)),
	}
	return zipx.Deterministic(files)
}

type docxWriter struct {
	lists  int // numbered lists so far; each restarts at 1
	tables int
}

func (w *docxWriter) block(b *strings.Builder, bl Block) {
	switch bl.Kind {
	case Heading:
		fmt.Fprintf(b, `<w:p><w:pPr><w:pStyle w:val="Heading%d"/></w:pPr>%s</w:p>`, bl.Level, runs(bl.Text, false))
	case Paragraph:
		fmt.Fprintf(b, `<w:p>%s</w:p>`, runs(bl.Text, false))
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
	row := func(cells [][]Span, header bool) {
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/>`)
		if header {
			b.WriteString(`<w:tblHeader/>`)
		}
		b.WriteString(`</w:trPr>`)
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
			fmt.Fprintf(b, `</w:pPr>%s</w:p></w:tc>`, runs(c, header))
		}
		b.WriteString(`</w:tr>`)
	}
	row(t.Header, true)
	for _, r := range t.Rows {
		row(r, false)
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
		fmt.Fprintf(&b, `<w:t xml:space="preserve">%s</w:t></w:r>`, xmlText(s.Text))
	}
	return b.String()
}

// xmlText escapes text for XML and drops characters XML 1.0 forbids, which
// would make Word refuse the whole file.
func xmlText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r != 0xFFFE && r != 0xFFFF && (r < 0xD800 || r > 0xDFFF):
			b.WriteRune(r)
		}
	}
	return b.String()
}

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
		`<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:rPr><w:color w:val="595959"/><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>` +
		`<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/></w:style>` +
		`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="100" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
		`<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>` +
		border("top") + border("left") + border("bottom") + border("right") + border("insideH") + border("insideV") +
		`</w:tblBorders></w:tblPr></w:style>` +
		`</w:styles>`
}
