package templates

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	texttemplate "text/template"
	"text/template/parse"
	"time"

	"github.com/Masterminds/sprig/v3"

	"github.com/citypath/citypath/internal/yamlx"
)

//go:embed default/*.tmpl
var defaults embed.FS

// denied are sprig functions user templates may not call: they read the
// environment or the network, depend on the clock, the local time zone or
// randomness (outputs must be reproducible), or make keys and certificates.
var denied = []string{
	"env", "expandenv", "getHostByName",
	"now", "ago", "date", "date_in_zone", "date_modify", "dateInZone", "dateModify", "htmlDate", "htmlDateInZone",
	"randAlphaNum", "randAlpha", "randAscii", "randNumeric", "randBytes", "randInt", "uuidv4", "shuffle",
	"bcrypt", "htpasswd", "derivePassword", "genPrivateKey", "buildCustomCert", "genCA", "genCAWithKey",
	"genSelfSignedCert", "genSelfSignedCertWithKey", "genSignedCert", "genSignedCertWithKey", "encryptAES", "decryptAES",
}

// Funcs is the function map of every template: sprig without the denied
// functions, plus citypath's own (see ownFuncs).
func Funcs() map[string]any {
	fm := map[string]any{}
	for k, v := range sprig.GenericFuncMap() {
		fm[k] = v
	}
	for _, name := range denied {
		delete(fm, name)
	}
	for _, f := range ownFuncs {
		fm[f.Name] = f.Fn
	}
	return fm
}

// Engine holds parsed templates by name, each from the user directory when
// it has one of that name, otherwise the embedded default.
type Engine struct {
	text    map[string]*texttemplate.Template
	html    map[string]*htmltemplate.Template
	display map[string]string // template name → file as shown in messages
	src     map[string]string // template name → its text, to locate errors
}

// Names lists the embedded templates, which are also the names a user
// directory may override.
func Names() []string {
	entries, _ := fs.ReadDir(defaults, "default")
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// Default returns the text of an embedded template, for users who want to
// start their own from it.
func Default(name string) ([]byte, bool) {
	b, err := fs.ReadFile(defaults, "default/"+name)
	return b, err == nil
}

// New parses the templates. user may be nil; userName is how its files are
// named in messages (the directory the user gave). Every problem in every
// template is reported at once.
func New(user fs.FS, userName string) (*Engine, error) {
	e := &Engine{text: map[string]*texttemplate.Template{}, html: map[string]*htmltemplate.Template{}, display: map[string]string{}, src: map[string]string{}}
	known := Names()
	var problems yamlx.Problems
	sources := map[string][]byte{}
	for _, name := range known {
		b, _ := Default(name)
		sources[name] = b
		e.display[name] = "templates/default/" + name
	}
	if user != nil {
		entries, err := fs.ReadDir(user, ".")
		if err != nil {
			return nil, yamlx.Problems{{File: userName, Pos: yamlx.Pos{Line: 1, Col: 1}, Msg: "cannot read the template directory: " + err.Error()}}
		}
		for _, ent := range entries {
			name := ent.Name()
			if ent.IsDir() || !strings.HasSuffix(name, ".tmpl") {
				continue
			}
			shown := path.Join(userName, name)
			if !slices.Contains(known, name) {
				problems = append(problems, yamlx.Problem{File: shown, Pos: yamlx.Pos{Line: 1, Col: 1},
					Msg: "unknown template; a template directory may hold " + strings.Join(known, ", ")})
				continue
			}
			b, err := yamlx.ReadFS(user, name, shown) // regular files up to the size limit
			if ps, ok := yamlx.AsProblems(err); ok {
				problems = append(problems, ps...)
				continue
			}
			if err != nil {
				problems = append(problems, yamlx.Problem{File: shown, Pos: yamlx.Pos{Line: 1, Col: 1}, Msg: err.Error()})
				continue
			}
			sources[name] = b
			e.display[name] = shown
		}
	}
	funcs := Funcs()
	for _, name := range known {
		src := string(sources[name])
		e.src[name] = src
		if isHTML(name) {
			t, err := htmltemplate.New(name).Option("missingkey=error").Funcs(funcs).Parse(src)
			if err != nil {
				problems = append(problems, e.problem(name, err))
				continue
			}
			e.html[name] = t
		} else {
			t, err := texttemplate.New(name).Option("missingkey=error").Funcs(funcs).Parse(src)
			if err != nil {
				problems = append(problems, e.problem(name, err))
				continue
			}
			e.text[name] = t
		}
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	return e, nil
}

func isHTML(name string) bool { return strings.HasSuffix(name, ".html.tmpl") }

// Source reports which file a template was read from.
func (e *Engine) Source(name string) string { return e.display[name] }

// Execute renders one template. Errors are problems at the template's file,
// line and column. Each execution has its own limits (MaxOutput,
// MaxGenerated, MaxTime), so the template is parsed again with functions
// bound to them; parsing is cheap next to rendering a document.
func (e *Engine) Execute(name string, data any) ([]byte, error) {
	if e.text[name] == nil && e.html[name] == nil {
		return nil, errors.New("no template " + strconv.Quote(name))
	}
	var buf bytes.Buffer
	b := newBudget()
	w := limitWriter{&buf, b}
	done := make(chan error, 1)
	var tree *parse.Tree
	go func() {
		t, parsed, err := e.parse(name, limitedFuncs(b))
		if err != nil {
			done <- err
			return
		}
		tree = parsed
		done <- t.Execute(w, data)
	}()
	var err error
	select {
	case err = <-done:
	case <-time.After(MaxTime + time.Second):
		// A loop that neither writes nor calls a limited function: give up
		// on it; it ends with the process, which reports and exits.
		return nil, yamlx.Problems{e.limitProblem(name, nil, fmt.Errorf("%w: a template may run for at most %s", errLimit, MaxTime))}
	}
	if err != nil {
		if errors.Is(err, errLimit) && !textErrRe.MatchString(err.Error()) && !htmlErrRe.MatchString(err.Error()) {
			// A write stopped by a limit carries no position.
			return nil, yamlx.Problems{e.limitProblem(name, tree, err)}
		}
		return nil, yamlx.Problems{e.problem(name, err)}
	}
	return buf.Bytes(), nil
}

// parse parses a template afresh with the given functions.
func (e *Engine) parse(name string, fm map[string]any) (interface{ Execute(io.Writer, any) error }, *parse.Tree, error) {
	// The templates were parsed once at load; each execution runs a clone
	// bound to its own budget, which costs far less than parsing again (a
	// tender run executes each template once per pack).
	if t := e.html[name]; t != nil {
		c, err := t.Clone()
		if err != nil {
			return nil, nil, err
		}
		c.Funcs(fm)
		return c, c.Tree, nil
	}
	c, err := e.text[name].Clone()
	if err != nil {
		return nil, nil, err
	}
	c.Funcs(fm)
	return c, c.Tree, nil
}

// limitProblem places an error without a position at the template's most
// deeply nested loop, the likeliest cause, or at 1:1.
func (e *Engine) limitProblem(name string, tree *parse.Tree, err error) yamlx.Problem {
	p := yamlx.Problem{File: e.display[name], Pos: yamlx.Pos{Line: 1, Col: 1}, Msg: err.Error()}
	if tree == nil {
		if t, perr := texttemplate.New(name).Funcs(Funcs()).Parse(e.src[name]); perr == nil {
			tree = t.Tree
		}
	}
	if tree == nil || tree.Root == nil {
		return p
	}
	var deepest parse.Node
	best := 0
	var walk func(n parse.Node, depth int)
	walk = func(n parse.Node, depth int) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c, depth)
				}
			}
		case *parse.RangeNode:
			if depth+1 > best {
				deepest, best = n, depth+1
			}
			walk(n.List, depth+1)
			walk(n.ElseList, depth+1)
		case *parse.IfNode:
			walk(n.List, depth)
			walk(n.ElseList, depth)
		case *parse.WithNode:
			walk(n.List, depth)
			walk(n.ElseList, depth)
		}
	}
	walk(tree.Root, 0)
	if deepest != nil {
		loc, _ := tree.ErrorContext(deepest)
		// loc is "name:line:col", col counted from 0.
		parts := strings.Split(loc, ":")
		if len(parts) >= 3 {
			line, _ := strconv.Atoi(parts[len(parts)-2])
			col, _ := strconv.Atoi(parts[len(parts)-1])
			p.Pos = yamlx.Pos{Line: line, Col: col + 1}
			p.Msg += " (in the loop here)"
			p.Source = yamlx.SourceLine([]byte(e.src[name]), line)
		}
	}
	return p
}

var (
	// text/template: "template: NAME:LINE: MSG" or "template: NAME:LINE:COL: MSG".
	textErrRe = regexp.MustCompile(`^template: ([^:]+):(\d+)(?::(\d+))?: (.*)$`)
	// html/template: "html/template:NAME:LINE:COL: MSG" (line and column optional).
	htmlErrRe  = regexp.MustCompile(`^html/template:([^:]+)(?::(\d+))?(?::(\d+))?: (.*)$`)
	undefRe    = regexp.MustCompile(`function "([^"]+)" not defined`)
	startedRe  = regexp.MustCompile(`started at [^:]+:(\d+)`)
	executingR = regexp.MustCompile(`^executing "[^"]*" at <([^>]*)>: `)
)

// problem turns a template error into a problem at file:line:col. Parse
// errors carry no column; it is found from the offending name on the line.
func (e *Engine) problem(name string, err error) yamlx.Problem {
	p := yamlx.Problem{File: e.display[name], Pos: yamlx.Pos{Line: 1, Col: 1}, Msg: err.Error()}
	m := textErrRe.FindStringSubmatch(err.Error())
	if m == nil {
		m = htmlErrRe.FindStringSubmatch(err.Error())
	}
	if m == nil {
		return p
	}
	if n, err := strconv.Atoi(m[2]); err == nil {
		p.Pos.Line = n
	}
	if n, err := strconv.Atoi(m[3]); err == nil {
		// text/template counts columns from 0.
		p.Pos.Col = n + 1
	}
	msg := executingR.ReplaceAllString(m[4], "at <$1>: ")
	if st := startedRe.FindStringSubmatch(msg); st != nil {
		// An unclosed action is reported where the file ends; point at
		// where it opens instead.
		if n, err := strconv.Atoi(st[1]); err == nil {
			p.Pos.Line = n
			p.Pos.Col = columnOf(e.src[name], n, "{{")
		}
	}
	if u := undefRe.FindStringSubmatch(msg); u != nil {
		if slices.Contains(denied, u[1]) {
			msg = "function " + u[1] + " is not available to templates: they may not read the environment, the network or the clock, so that a pack depends only on its inputs"
		}
		if m[3] == "" {
			p.Pos.Col = columnOf(e.src[name], p.Pos.Line, u[1])
		}
	}
	p.Msg = msg
	p.Source = yamlx.SourceLine([]byte(e.src[name]), p.Pos.Line)
	return p
}

// columnOf finds the 1-based column of word on a line of src, or 1.
func columnOf(src string, line int, word string) int {
	lines := strings.Split(src, "\n")
	if line < 1 || line > len(lines) {
		return 1
	}
	if i := strings.Index(lines[line-1], word); i >= 0 {
		return len([]rune(lines[line-1][:i])) + 1
	}
	return 1
}
