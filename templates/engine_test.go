package templates_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/citypath/citypath/internal/yamlx"
	"github.com/citypath/citypath/templates"
)

// TestFuncExamples runs the examples each of citypath's template functions
// is registered with: they are its documentation and its test.
func TestFuncExamples(t *testing.T) {
	for _, f := range templates.OwnFuncs() {
		for _, ex := range f.Examples {
			t.Run(f.Name+"/"+ex[0], func(t *testing.T) {
				eng, err := templates.New(fstest.MapFS{"mims-checklist.md.tmpl": {Data: []byte(ex[0])}}, "ex")
				if err != nil {
					t.Fatal(err)
				}
				got, err := eng.Execute("mims-checklist.md.tmpl", nil)
				if err != nil {
					t.Fatal(err)
				}
				if string(got) != ex[1] {
					t.Errorf("got %q, want %q", got, ex[1])
				}
			})
		}
	}
}

// problemOf parses a user template directory holding one file and returns
// the single problem it must cause.
func problemOf(t *testing.T, name, src string, data any) yamlx.Problem {
	t.Helper()
	eng, err := templates.New(fstest.MapFS{name: {Data: []byte(src)}}, "mine")
	if err == nil {
		_, err = eng.Execute(name, data)
	}
	if err == nil {
		t.Fatal("got no error")
	}
	ps, ok := yamlx.AsProblems(err)
	if !ok || len(ps) != 1 {
		t.Fatalf("got %v (%T), want one problem with a position", err, err)
	}
	return ps[0]
}

// TestDeniedFunctions: a user template may not read the environment, the
// network or the clock (issue 4: "a template that calls env is refused").
func TestDeniedFunctions(t *testing.T) {
	for _, fn := range []string{`env "HOME"`, `expandenv "$HOME"`, `now`, `randAlpha 8`, `uuidv4`, `getHostByName "example.com"`, `date "2006" 0`} {
		name := strings.Fields(fn)[0]
		t.Run(name, func(t *testing.T) {
			src := "# Heading\n\nText {{ " + fn + " }} more\n"
			p := problemOf(t, "tender-specification.md.tmpl", src, nil)
			if p.File != "mine/tender-specification.md.tmpl" || p.Pos.Line != 3 || p.Pos.Col != 9 {
				t.Errorf("got %s:%d:%d, want mine/tender-specification.md.tmpl:3:9", p.File, p.Pos.Line, p.Pos.Col)
			}
			if !strings.Contains(p.Msg, "function "+name+" is not available to templates") {
				t.Errorf("message %q does not say the function is refused", p.Msg)
			}
		})
	}
}

// TestTemplateErrorPositions: parse and execution errors point into the
// user's template file.
func TestTemplateErrorPositions(t *testing.T) {
	tests := []struct {
		name, file, src string
		data            any
		line, col       int
		msg             string
	}{
		{"unclosed action", "mims-checklist.md.tmpl", "a\nb {{ .X \n", nil, 2, 3, "unclosed action"},
		{"unknown function", "mims-checklist.md.tmpl", "a\n\n  {{ frobnicate .X }}\n", nil, 3, 6, `function "frobnicate" not defined`},
		{"missing map key", "mims-checklist.md.tmpl", "one\n{{ .Known }} {{ .Missing }}\n", map[string]string{"Known": "k"}, 2, 17, `map has no entry for key "Missing"`},
		{"missing field", "tender-specification.md.tmpl", "x {{ .Nope }}\n", struct{ Yes string }{}, 1, 6, "can't evaluate field Nope"},
		{"html parse", "index.html.tmpl", "<p>\n{{ if }}</p>\n", nil, 2, 1, "missing value for if"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := problemOf(t, tt.file, tt.src, tt.data)
			if p.File != "mine/"+tt.file || p.Pos.Line != tt.line || p.Pos.Col != tt.col {
				t.Errorf("got %s:%d:%d, want mine/%s:%d:%d (%s)", p.File, p.Pos.Line, p.Pos.Col, tt.file, tt.line, tt.col, p.Msg)
			}
			if !strings.Contains(p.Msg, tt.msg) {
				t.Errorf("message %q does not contain %q", p.Msg, tt.msg)
			}
		})
	}
}

func TestUnknownTemplateFile(t *testing.T) {
	_, err := templates.New(fstest.MapFS{"spec.md.tmpl": {Data: []byte("x")}, "notes.txt": {Data: []byte("ignored")}}, "mine")
	ps, ok := yamlx.AsProblems(err)
	if !ok || len(ps) != 1 || ps[0].File != "mine/spec.md.tmpl" || !strings.Contains(ps[0].Msg, "unknown template") {
		t.Fatalf("got %v, want one unknown-template problem at mine/spec.md.tmpl", err)
	}
}

// TestHTMLTemplatesEscape: text from the city file never becomes HTML.
func TestHTMLTemplatesEscape(t *testing.T) {
	eng, err := templates.New(fstest.MapFS{"index.html.tmpl": {Data: []byte(`<td>{{ .Name }}</td><a href="{{ .URL }}">x</a>`)}}, "mine")
	if err != nil {
		t.Fatal(err)
	}
	got, err := eng.Execute("index.html.tmpl", map[string]string{"Name": `<script>alert("x")</script>`, "URL": "javascript:alert(1)"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(got), "<script>") || strings.Contains(string(got), "javascript:") {
		t.Errorf("HTML not escaped: %s", got)
	}
}

// TestDefaultsParse: the embedded templates parse, and each can be
// replaced by a user file of the same name.
func TestDefaultsParse(t *testing.T) {
	names := templates.Names()
	if len(names) != 8 {
		t.Fatalf("got templates %v", names)
	}
	user := fstest.MapFS{}
	for _, n := range names {
		b, ok := templates.Default(n)
		if !ok || len(b) == 0 {
			t.Fatalf("no default for %s", n)
		}
		user[n] = &fstest.MapFile{Data: b}
	}
	eng, err := templates.New(user, "copy")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if got := eng.Source(n); got != "copy/"+n {
			t.Errorf("%s read from %s", n, got)
		}
	}
}
