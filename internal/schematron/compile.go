package schematron

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// ns is the namespace of ISO Schematron elements.
const ns = "http://purl.oclc.org/dsdl/schematron"

// element is a parsed XML element: what the compiler needs of a schema.
type element struct {
	name     string // local name, for Schematron elements only
	space    string
	attrs    map[string]string
	children []*element
	file     string
	line     int
}

func (e *element) attr(name string) string { return e.attrs[name] }

func (e *element) where() string { return fmt.Sprintf("%s:%d", e.file, e.line) }

// parse reads an XML file into elements, keeping the line of each.
func parse(fsys fs.FS, name string) (*element, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []*element
	var root *element
	for {
		line, _ := dec.InputPos()
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			e := &element{name: t.Name.Local, space: t.Name.Space, attrs: map[string]string{}, file: name, line: line}
			for _, a := range t.Attr {
				if a.Name.Space == "" {
					e.attrs[a.Name.Local] = a.Value
				}
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, e)
			} else {
				root = e
			}
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
	if root == nil {
		return nil, fmt.Errorf("%s: no root element", name)
	}
	return root, nil
}

// schema is a Schematron schema with its includes resolved.
type schema struct {
	namespaces [][2]string // prefix, uri in order
	lets       []*element  // schema-level and pattern-level lets: global variables
	phases     map[string][]string
	patterns   map[string]*element
}

// load reads the schema and the files it includes. Includes that are not
// there are skipped: a copy of a schema may keep only the files of the
// phases it uses; Compile fails when an active pattern is missing.
func load(fsys fs.FS, name string) (*schema, error) {
	root, err := parse(fsys, name)
	if err != nil {
		return nil, err
	}
	if root.space != ns || root.name != "schema" {
		return nil, fmt.Errorf("%s: the root element is not an ISO Schematron schema", name)
	}
	if qb := root.attr("queryBinding"); qb != "" && qb != "xslt2" && qb != "xslt3" {
		return nil, fmt.Errorf("%s: queryBinding %q is not supported (xslt2 or xslt3)", name, qb)
	}
	s := &schema{phases: map[string][]string{}, patterns: map[string]*element{}}
	dir := path.Dir(name)
	var addPattern func(p *element) error
	addPattern = func(p *element) error {
		id := p.attr("id")
		if id == "" {
			return fmt.Errorf("%s: a pattern without id", p.where())
		}
		if _, dup := s.patterns[id]; dup {
			return fmt.Errorf("%s: pattern %q defined twice", p.where(), id)
		}
		s.patterns[id] = p
		return nil
	}
	for _, c := range root.children {
		if c.space != ns {
			continue
		}
		switch c.name {
		case "ns":
			s.namespaces = append(s.namespaces, [2]string{c.attr("prefix"), c.attr("uri")})
		case "let":
			s.lets = append(s.lets, c)
		case "phase":
			for _, a := range c.children {
				if a.space == ns && a.name == "active" {
					s.phases[c.attr("id")] = append(s.phases[c.attr("id")], a.attr("pattern"))
				}
			}
		case "pattern":
			if err := addPattern(c); err != nil {
				return nil, err
			}
		case "include":
			inc, err := parse(fsys, path.Join(dir, c.attr("href")))
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return nil, err
			}
			if inc.space != ns || inc.name != "pattern" {
				return nil, fmt.Errorf("%s: only included patterns are supported, not %s", inc.where(), inc.name)
			}
			if err := addPattern(inc); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

// Compile turns the schema in fsys at name, with the files it includes,
// into an XSLT 3.0 stylesheet that checks a document against the active
// patterns of phase ("" or "#ALL" for every pattern). Its output is text,
// one line per failed assert or successful report: see Failure.
func Compile(fsys fs.FS, name, phase string) ([]byte, error) {
	s, err := load(fsys, name)
	if err != nil {
		return nil, err
	}
	var active []string
	if phase == "" || phase == "#ALL" {
		for id := range s.patterns {
			active = append(active, id)
		}
		// Patterns run in the order of their ids, since includes give no
		// better one; the order changes only the order of the lines.
		slices.Sort(active)
	} else {
		var ok bool
		if active, ok = s.phases[phase]; !ok {
			return nil, fmt.Errorf("%s: no phase %q", name, phase)
		}
	}
	var b bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w(`<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"`)
	for _, n := range s.namespaces {
		w("\n  xmlns:%s=%s", n[0], attr(n[1]))
	}
	w(">\n<xsl:output method=\"text\" encoding=\"UTF-8\"/>\n")
	globals := map[string]bool{}
	global := func(l *element) error {
		// Schema- and pattern-level lets become global variables, whose
		// names XSLT requires to be unique.
		name := l.attr("name")
		if globals[name] {
			return fmt.Errorf("%s: let %q is defined twice", l.where(), name)
		}
		globals[name] = true
		w("<xsl:variable name=%s select=%s/>\n", attr(name), attr(l.attr("value")))
		return nil
	}
	for _, l := range s.lets {
		if err := global(l); err != nil {
			return nil, err
		}
	}
	w("<xsl:template match=\"/\">\n")
	for i := range active {
		w("  <xsl:apply-templates select=\".\" mode=\"p%d\"/>\n", i)
	}
	w("</xsl:template>\n")
	for i, id := range active {
		p, ok := s.patterns[id]
		if !ok {
			return nil, fmt.Errorf("%s: phase %q activates pattern %q, which is neither in the schema nor in a file it includes", name, phase, id)
		}
		mode := "p" + strconv.Itoa(i)
		for _, c := range p.children {
			if c.space == ns && c.name == "let" {
				if err := global(c); err != nil {
					return nil, err
				}
			}
		}
		var rules []*element
		for _, c := range p.children {
			if c.space == ns && c.name == "rule" {
				rules = append(rules, c)
			}
		}
		for j, r := range rules {
			if r.attr("context") == "" {
				return nil, fmt.Errorf("%s: a rule without context", r.where())
			}
			// Earlier rules take precedence: within a pattern a node is
			// handled by the first rule whose context matches it.
			w("<xsl:template match=%s mode=%q priority=\"%d\">\n", attr(r.attr("context")), mode, len(rules)-j)
			for _, c := range r.children {
				if c.space != ns {
					continue
				}
				switch c.name {
				case "let":
					w("  <xsl:variable name=%s select=%s/>\n", attr(c.attr("name")), attr(c.attr("value")))
				case "assert", "report":
					test := c.attr("test")
					if test == "" {
						return nil, fmt.Errorf("%s: %s without test", c.where(), c.name)
					}
					cond := "not(" + test + ")"
					if c.name == "report" {
						cond = "(" + test + ")"
					}
					id := c.attr("id")
					if id == "" {
						id = fmt.Sprintf("%s:%d", c.file, c.line)
					}
					line := fmt.Sprintf("string-join((%s, %s, %s, %s, path()), codepoints-to-string(9))", quote(c.name), quote(id), quote(c.attr("role")), quote(p.attr("id")))
					w("  <xsl:if test=%s><xsl:value-of select=%s/><xsl:text>&#10;</xsl:text></xsl:if>\n", attr(cond), attr(line))
				}
			}
			w("  <xsl:apply-templates select=\"@*|node()\" mode=%q/>\n</xsl:template>\n", mode)
		}
		// Nodes no rule handles: walk on through attributes and children.
		w("<xsl:template match=\"/|@*|node()\" mode=%q priority=\"-10\"><xsl:apply-templates select=\"@*|node()\" mode=%q/></xsl:template>\n", mode, mode)
		w("<xsl:template match=\"text()|comment()|processing-instruction()\" mode=%q priority=\"-5\"/>\n", mode)
	}
	w("</xsl:stylesheet>\n")
	return b.Bytes(), nil
}

// attr quotes s as an XML attribute value.
func attr(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	xml.EscapeText(&b, []byte(s))
	b.WriteByte('"')
	return b.String()
}

// quote writes s as an XPath string literal.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
