package cmd

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestKubernetesExample checks the Indexed Job of examples/kubernetes
// against the command: its arguments parse, and its --shard covers the
// Job's completions, so that the example cannot drift from the CLI.
func TestKubernetesExample(t *testing.T) {
	var job struct {
		Spec struct {
			CompletionMode string `yaml:"completionMode"`
			Completions    int    `yaml:"completions"`
			Template       struct {
				Spec struct {
					Containers []struct {
						Args []string `yaml:"args"`
					} `yaml:"containers"`
				} `yaml:"spec"`
			} `yaml:"template"`
		} `yaml:"spec"`
	}
	data, err := os.ReadFile(filepath.Join("..", "examples", "kubernetes", "batch-job.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &job); err != nil {
		t.Fatal(err)
	}
	if job.Spec.CompletionMode != "Indexed" || len(job.Spec.Template.Spec.Containers) != 1 {
		t.Fatalf("not an Indexed Job with one container")
	}
	args := job.Spec.Template.Spec.Containers[0].Args
	shards := map[string]bool{}
	for i := range job.Spec.Completions {
		var got *BatchOptions
		cmd := NewCmdBatch(&Factory{}, func(o *BatchOptions) error { got = o; return nil })
		expanded := make([]string, len(args)-1)
		for k, a := range args[1:] { // args[0] is the command's name
			expanded[k] = strings.ReplaceAll(a, "$(JOB_COMPLETION_INDEX)", strconv.Itoa(i))
		}
		cmd.SetArgs(expanded)
		if err := cmd.Execute(); err != nil || got == nil {
			t.Fatalf("index %d: %v", i, err)
		}
		shards[got.Shard] = true
		if want := strconv.Itoa(i) + "/" + strconv.Itoa(job.Spec.Completions); got.Shard != want {
			t.Errorf("index %d runs shard %q, want %q", i, got.Shard, want)
		}
	}
	if args[0] != "batch" || len(shards) != job.Spec.Completions {
		t.Errorf("args %q give %d shards for %d completions", args, len(shards), job.Spec.Completions)
	}
}
