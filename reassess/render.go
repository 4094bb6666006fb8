package reassess

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/citypath/citypath/document"
)

// JSON writes the diff as indented JSON.
func JSON(d *Diff) ([]byte, error) {
	data, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// Text writes the diff for a terminal: one line per change under a
// heading per kind of change, and the count at the end.
func Text(d *Diff) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "citypath diff: %s\n", d.New.City)
	for _, s := range []struct {
		label string
		side  Side
	}{{"old", d.Old}, {"new", d.New}} {
		fmt.Fprintf(&b, "  %s: %s (assessed %s, start %s)\n", s.label, s.side.File, s.side.Assessment, s.side.Start)
	}
	for _, n := range d.Notes {
		fmt.Fprintf(&b, "  note: %s\n", n)
	}
	for _, sec := range sections(d) {
		if len(sec.rows) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s:\n", sec.title)
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		for _, r := range sec.rows {
			fmt.Fprintf(tw, "  %s\n", strings.TrimRight(strings.Join(r, "\t"), "\t"))
		}
		tw.Flush()
	}
	b.WriteString("\n")
	switch n := d.Changes(); n {
	case 0:
		b.WriteString("No changes.\n")
	case 1:
		b.WriteString("1 change.\n")
	default:
		fmt.Fprintf(&b, "%d changes.\n", n)
	}
	if d.Kind == Facts {
		b.WriteString("City files compared: maturity and state of play. Diff the roadmap.json files to see the plan's changes.\n")
	}
	return []byte(b.String())
}

// section is one kind of change with its table.
type section struct {
	title  string
	header []string
	rows   [][]string
}

// sections lays the changes out once for the text and the HTML page.
func sections(d *Diff) []section {
	secs := []section{{title: "Maturity", header: []string{"Dimension", "Score", "Level"}}}
	for _, m := range d.Dimensions {
		secs[0].rows = append(secs[0].rows, []string{m.Name, fmt.Sprintf("%.1f → %.1f (%+.1f)", m.Score.Old, m.Score.New, m.Score.New-m.Score.Old),
			levelMove(m)})
	}
	if len(d.Dimensions) > 0 {
		secs[0].rows = append(secs[0].rows, []string{"Overall", fmt.Sprintf("%.1f → %.1f (%+.1f)", d.Overall.Old, d.Overall.New, d.Overall.New-d.Overall.Old), ""})
	}
	state := section{title: "State of play", header: []string{"Initiative", "Status", "Since"}}
	for _, s := range d.State {
		state.rows = append(state.rows, []string{s.Title + " (" + s.Initiative + ")", or(s.Status.Old, "not in place") + " → " + or(s.Status.New, "not in place"),
			or(s.Since.Old, "-") + " → " + or(s.Since.New, "-")})
	}
	added := section{title: "Initiatives added", header: []string{"Initiative", "Phase", "Start"}}
	for _, in := range d.Added {
		added.rows = append(added.rows, []string{in.Title + " (" + in.ID + ")", in.Phase, in.Start})
	}
	dropped := section{title: "Initiatives dropped", header: []string{"Initiative", "Was", "Why"}}
	for _, in := range d.Dropped {
		dropped.rows = append(dropped.rows, []string{in.Title + " (" + in.ID + ")", in.Phase + " from " + in.Start, in.Why})
	}
	moved := section{title: "Initiatives moved", header: []string{"Initiative", "Start", "Phase"}}
	for _, m := range d.Moved {
		phase := m.Phase.New
		if m.Phase.Old != m.Phase.New {
			phase = m.Phase.Old + " → " + m.Phase.New
		}
		moved.rows = append(moved.rows, []string{m.Title + " (" + m.ID + ")", fmt.Sprintf("%s → %s (%s)", m.Start.Old, m.Start.New, monthsText(m.Months)), phase})
	}
	slipped := section{title: "Milestones slipped", header: []string{"Milestone", "Date", "Later by"}}
	for _, s := range d.Slipped {
		slipped.rows = append(slipped.rows, []string{s.Title + " (" + s.ID + ")", s.Date.Old + " → " + s.Date.New, monthsText(s.Months)})
	}
	return append(secs, state, added, dropped, moved, slipped)
}

func levelMove(m Dimension) string {
	if m.Level.Old == m.Level.New {
		return fmt.Sprintf("%d %s", m.Level.New, m.LevelName)
	}
	return fmt.Sprintf("%d → %d %s", m.Level.Old, m.Level.New, m.LevelName)
}

func monthsText(n int) string {
	if n == 1 || n == -1 {
		return fmt.Sprintf("%+d month", n)
	}
	return fmt.Sprintf("%+d months", n)
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// Document lays the diff out for the document engine (the HTML page).
func Document(d *Diff, date time.Time) *document.Document {
	title := "What changed: " + d.New.City
	var blocks []document.Block
	para := func(text string, note bool) {
		blocks = append(blocks, document.Block{Kind: document.Paragraph, Text: document.Text(text), Note: note})
	}
	blocks = append(blocks, document.Block{Kind: document.Heading, Level: 1, Text: document.Text(title)})
	para(fmt.Sprintf("Old: %s (assessed %s, roadmap from %s). New: %s (assessed %s, roadmap from %s).",
		d.Old.File, d.Old.Assessment, d.Old.Start, d.New.File, d.New.Assessment, d.New.Start), false)
	for _, n := range d.Notes {
		para("Note: "+n+".", true)
	}
	switch n := d.Changes(); n {
	case 0:
		para("No changes.", false)
	case 1:
		para("1 change.", false)
	default:
		para(fmt.Sprintf("%d changes.", n), false)
	}
	if d.Kind == Facts {
		para("The city files were compared: maturity and state of play. Compare the roadmap.json files to see how the plan changed.", true)
	}
	for _, sec := range sections(d) {
		if len(sec.rows) == 0 {
			continue
		}
		blocks = append(blocks, document.Block{Kind: document.Heading, Level: 2, Text: document.Text(sec.title)})
		t := &document.Table{Widths: []float64{0.45, 0.3, 0.25}}
		for _, h := range sec.header {
			t.Header = append(t.Header, document.Text(h))
		}
		for _, r := range sec.rows {
			var cells [][]document.Span
			for _, c := range r {
				cells = append(cells, document.Text(c))
			}
			t.Rows = append(t.Rows, cells)
		}
		blocks = append(blocks, document.Block{Kind: document.TableBlock, Table: t})
	}
	return &document.Document{Title: title, Subject: "Re-assessment: what changed between two assessments or roadmaps",
		Author: "citypath", Language: "en", Date: date, Footer: title, Blocks: blocks}
}
