package cmd

import "testing"

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"kladno", "kladno"},
		{"small-town", "small-town"},
		{"Valašské Údolí", "Valašské-Údolí"},
		{"..", ""},
		{".", ""},
		{"", ""},
		{".hidden", "hidden"},
		{"-rf", "rf"},
		{"a/b\\c", "a-b-c"},
		{"a  b", "a-b"},
		{"x\x1b[31m", "x-31m"},
		{"v1.2", "v1.2"},
	}
	for _, tt := range tests {
		if got := slug(tt.in); got != tt.want {
			t.Errorf("slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCityDirs(t *testing.T) {
	tests := []struct {
		files []string
		want  []string
		bad   bool
	}{
		{[]string{"a/kladno/city.yaml", "melnik.yaml"}, []string{"kladno", "melnik"}, false},
		{[]string{"city.yaml", ".yaml"}, nil, true},
		{[]string{"x/Kladno.yaml", "kladno/city.yaml"}, nil, true},
		{[]string{"../a b.yaml", "c.yml"}, []string{"a-b", "c"}, false},
		{[]string{"only.yaml"}, []string{""}, false},
	}
	for _, tt := range tests {
		got, err := cityDirs(tt.files)
		if tt.bad {
			if _, ok := err.(invalidInput); !ok {
				t.Errorf("cityDirs(%q): got %v, want an invalid-input error", tt.files, err)
			}
			continue
		}
		if err != nil || len(got) != len(tt.want) {
			t.Errorf("cityDirs(%q) = %q, %v; want %q", tt.files, got, err, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("cityDirs(%q) = %q, want %q", tt.files, got, tt.want)
			}
		}
	}
}
