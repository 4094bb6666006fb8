package yamlx_test

import (
	"strings"
	"testing"

	"github.com/citypath/citypath/internal/yamlx"
)

type inner struct {
	Count int     `yaml:"count"`
	Rate  float64 `yaml:"rate"`
}

type doc struct {
	Name  string           `yaml:"name"`
	On    bool             `yaml:"on"`
	Items []inner          `yaml:"items"`
	Tags  map[string]int   `yaml:"tags"`
	Ptr   *float64         `yaml:"ptr"`
	Deep  map[string]inner `yaml:"deep"`
	Short string           `yaml:"short" jsonschema:"maxLength=5"`
	Small int              `yaml:"small" jsonschema:"minimum=1,maximum=3"`
	Cap   []float64        `yaml:"cap" jsonschema:"maximum=10"`
}

func TestUnmarshal(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		wants []string // substrings of the problem list, in order
	}{
		{"valid", "name: x\non: true\nitems:\n  - {count: 1, rate: 0.5}\ntags: {a: 1}\nptr: 2\n", nil},
		{"unknown key with suggestion", "nmae: x\n", []string{"f.yaml:1:1: top level: unknown key \"nmae\"; did you mean \"name\"?"}},
		{"nested unknown key", "items:\n  - {count: 1, rat: 2}\n", []string{"f.yaml:2:16: items[0]: unknown key \"rat\""}},
		{"wrong types, all at once", "on: yes\nitems:\n  - count: 1.5\n    rate: fast\n", []string{
			"f.yaml:1:5: on: expected true or false, got \"yes\"",
			"f.yaml:3:12: items[0].count: expected a whole number, got \"1.5\"",
			"f.yaml:4:11: items[0].rate: expected a number, got \"fast\"",
		}},
		{"list expected", "items: 3\n", []string{"f.yaml:1:8: items: expected a list, got \"3\""}},
		{"mapping expected", "tags: [1]\n", []string{"f.yaml:1:7: tags: expected a mapping, got a list"}},
		{"duplicate key", "name: a\nname: b\n", []string{"f.yaml:2:1: top level: key \"name\" appears twice"}},
		{"alias", "name: &a x\ndeep:\n  k: *a\n", []string{"aliases are not supported"}},
		{"syntax error", "name: [x\n", []string{"f.yaml:", "YAML syntax"}},
		{"empty", "\n# only a comment\n", []string{"f.yaml:1:1: file is empty"}},
		{"invalid utf-8", "name: caf\xe9\n", []string{"f.yaml:1:10: invalid UTF-8 byte 0xe9"}},
		{"control character", "name: a\x01b\n", []string{"f.yaml:1:8: control character U+0001"}},
		{"top-level scalar", "just text\n", []string{"f.yaml:1:1: top level: expected a mapping of keys"}},
		{"second document", "name: a\n---\nname: b\n", []string{"f.yaml:2:1: a second YAML document starts here"}},
		{"nan", "items:\n  - {rate: .nan}\n", []string{"f.yaml:2:12: items[0].rate: .nan is not a finite number"}},
		{"infinity", "ptr: -.Inf\n", []string{"f.yaml:1:6: ptr: -.Inf is not a finite number"}},
		{"too large", "items:\n  - {count: 10000000000000000}\n", []string{"f.yaml:2:13: items[0].count: 10000000000000000 is not a finite number within ±1000000000000000"}},
		{"escaped control character", "name: \"a\\x1bb\"\n", []string{"f.yaml:1:7: name: control character U+001B in text"}},
		{"raw U+FFFE", "name: a\nname2: b\ufffe\n", []string{"f.yaml:2:9: character U+FFFE is not allowed in YAML"}},
		{"maxLength from the tag", "short: abcdef\n", []string{"f.yaml:1:8: short: text of 6 characters; the limit is 5"}},
		{"maximum from the tag", "small: 4\n", []string{"f.yaml:1:8: small: 4 is outside 1-3"}},
		{"maximum applies to list elements", "cap: [1, 11]\n", []string{"f.yaml:1:10: cap[1]: 11 is above the limit of 10"}},
		{"long key", "tags: {" + strings.Repeat("k", 101) + ": 1}\n", []string{"f.yaml:1:8: tags: a key must be at most 100 characters"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d doc
			_, err := yamlx.Unmarshal("f.yaml", []byte(tt.src), &d)
			if len(tt.wants) == 0 {
				if err != nil {
					t.Fatalf("got %v, want no problems", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("got no problems, want %q", tt.wants)
			}
			if _, ok := yamlx.AsProblems(err); !ok {
				t.Fatalf("got %T, want yamlx.Problems", err)
			}
			text, at := err.Error(), 0
			for _, want := range tt.wants {
				i := strings.Index(text[at:], want)
				if i < 0 {
					t.Fatalf("problems lack %q (in order):\n%s", want, text)
				}
				at += i + len(want)
			}
		})
	}
}

func TestPositionsAt(t *testing.T) {
	var d doc
	res, err := yamlx.Unmarshal("f.yaml", []byte("name: x\nitems:\n  - count: 1\n"), &d)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]yamlx.Pos{
		"name":               {1, 7},
		"items[0].count":     {3, 12},
		"items[0].rate":      {3, 5}, // absent: falls back to its parent
		"nothing.at.all.bad": {1, 1},
	} {
		if got := res.At(path); got != want {
			t.Errorf("At(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestOversize(t *testing.T) {
	big := strings.Repeat("#", yamlx.MaxFileSize+1)
	var d doc
	_, err := yamlx.Unmarshal("big.yaml", []byte(big), &d)
	if err == nil || !strings.Contains(err.Error(), "big.yaml:1:1: file is 2.0 MB; the limit is 2.0 MB") {
		t.Fatalf("got %v", err)
	}
}

func TestJoinChecks(t *testing.T) {
	decoded := yamlx.Problems{{File: "f", Pos: yamlx.Pos{Line: 3, Col: 15}, Msg: "population: expected a whole number"}}
	checked := yamlx.Problems{
		{File: "f", Pos: yamlx.Pos{Line: 3, Col: 15}, Msg: "population must be positive"},
		{File: "f", Pos: yamlx.Pos{Line: 4, Col: 3}, Msg: "country is required"},
	}
	err := yamlx.JoinChecks(decoded, checked)
	ps, _ := yamlx.AsProblems(err)
	if len(ps) != 2 || strings.Contains(err.Error(), "must be positive") {
		t.Errorf("got %v, want the decoding problem and the unrelated check only", err)
	}
	if err := yamlx.JoinChecks(nil, nil); err != nil {
		t.Errorf("got %v, want nil", err)
	}
}
