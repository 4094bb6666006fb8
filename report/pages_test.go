package report_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/citypath/citypath/internal/clients"
	"github.com/citypath/citypath/report"
)

// The body of an A4 page in points, as the document engine lays it out:
// below the running header (22 mm) and above the bottom margin (20 mm).
const (
	bodyTop    = 22 * 72 / 25.4
	bodyBottom = (297 - 20) * 72 / 25.4
	// Words above this line are the running header, below the other the
	// footer.
	headerLine = 16 * 72 / 25.4
	footerLine = 282 * 72 / 25.4
)

var (
	pageRe = regexp.MustCompile(`<page width="[0-9.]+" height="[0-9.]+">`)
	wordRe = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="[0-9.]+" yMax="([0-9.]+)">([^<]*)</word>`)
)

// pageText is what pdftotext finds on one page's body: how far down it
// reaches and its first line.
type pageText struct {
	bottom float64
	first  string
}

// TestNoEmptyPages: no page of the council report is less than a third
// full, except the page before a chapter (which starts on a new page), the
// cover and the last page. It reads the PDF as a reader's tool does: the
// lowest word on each page, found by pdftotext -bbox, measures how full
// the page is; figures count through their labels.
func TestNoEmptyPages(t *testing.T) {
	clients.Require(t, "pdftotext")
	chapters := map[string]bool{"Contents": true}
	for _, s := range report.Sections {
		chapters[s.Title] = true
	}
	number := regexp.MustCompile(`^[0-9]+ `)
	for _, ex := range examples(t) {
		t.Run(ex.name, func(t *testing.T) {
			pdf, err := report.PDF(ex.in)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			file := filepath.Join(dir, "report.pdf")
			if err := os.WriteFile(file, pdf, 0o644); err != nil {
				t.Fatal(err)
			}
			pages := readPages(clients.Run(t, "pdftotext", "-bbox", file, "-"))
			for i := 1; i < len(pages)-1; i++ { // page 1 is the cover
				p := pages[i]
				fill := (p.bottom - bodyTop) / (bodyBottom - bodyTop)
				if fill >= 1.0/3 || chapters[number.ReplaceAllString(pages[i+1].first, "")] {
					continue
				}
				t.Errorf("page %d of %d is %.0f%% full and the next page (%q) starts no chapter", i+1, len(pages), fill*100, pages[i+1].first)
			}
		})
	}
}

// readPages parses pdftotext -bbox output into the body of each page.
func readPages(html string) []pageText {
	chunks := pageRe.Split(html, -1)[1:]
	out := make([]pageText, len(chunks))
	for i, chunk := range chunks {
		firstY := -1.0
		var first []string
		for _, m := range wordRe.FindAllStringSubmatch(chunk, -1) {
			yMin, _ := strconv.ParseFloat(m[2], 64)
			yMax, _ := strconv.ParseFloat(m[3], 64)
			if yMin < headerLine || yMax > footerLine {
				continue
			}
			out[i].bottom = max(out[i].bottom, yMax)
			if firstY < 0 {
				firstY = yMin
			}
			if yMin-firstY < 2 {
				first = append(first, m[4])
			}
		}
		out[i].first = strings.Join(first, " ")
	}
	return out
}
