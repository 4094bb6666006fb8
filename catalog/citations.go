package catalog

import (
	"bytes"
	"regexp"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/citypath/citypath/internal/yamlx"
)

// citationKeys are the fields that say where a fact comes from.
var citationKeys = []string{"source", "sources", "cites", "basis_source"}

// noteRe matches a file name ending in .md that is not part of a web
// address: a research note, which readers of the outputs cannot open.
var noteRe = regexp.MustCompile(`(?:^|[^/\w.-])([\w-]+\.md)\b`)

// checkCitations rejects a citation of a research note: every source must
// be the regulation, standard or official page the note itself cites,
// because that is what a council or a bidder can look up. Only files that
// mention ".md" at all are parsed, so that loading stays fast.
func (l *loader) checkCitations() {
	paths := make([]string, 0, len(l.c.files))
	for p := range l.c.files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		f := l.c.files[p]
		if !bytes.Contains(f.data, []byte(".md")) {
			continue
		}
		root, err := yamlx.Parse(f.display, f.data)
		if err != nil {
			continue // decoding has reported it
		}
		walkCitations(root, func(n *yaml.Node) {
			if m := noteRe.FindStringSubmatch(n.Value); m != nil {
				l.problems = append(l.problems, yamlx.Problem{
					File: f.display, Pos: yamlx.Pos{Line: n.Line, Col: n.Column},
					Msg:    "source cites the research note " + m[1] + ": cite the regulation, standard or official page it draws on instead",
					Source: yamlx.SourceLine(f.data, n.Line),
				})
			}
		})
	}
}

// walkCitations calls visit on every scalar under a citation key.
func walkCitations(n *yaml.Node, visit func(*yaml.Node)) {
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for _, c := range n.Content {
			walkCitations(c, visit)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if slices.Contains(citationKeys, k.Value) {
				scalars(v, visit)
				continue
			}
			walkCitations(v, visit)
		}
	}
}

func scalars(n *yaml.Node, visit func(*yaml.Node)) {
	if n.Kind == yaml.ScalarNode {
		visit(n)
		return
	}
	for _, c := range n.Content {
		scalars(c, visit)
	}
}
