package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path"
	"strings"

	"github.com/spf13/cobra"

	"github.com/citypath/citypath/internal/atomicfile"
	"github.com/citypath/citypath/roadmap"
)

// RenderOptions are the inputs of `citypath render`.
type RenderOptions struct {
	Ctx      context.Context
	IO       IOStreams
	ReadFile func(string) ([]byte, error)
	Getenv   func(string) string
	File     string
	OutDir   string
	Formats  []string
}

// NewCmdRender builds `citypath render`.
func NewCmdRender(f *Factory, runF func(*RenderOptions) error) *cobra.Command {
	opts := &RenderOptions{IO: f.IO, ReadFile: f.ReadFile, Getenv: f.Getenv}
	cmd := &cobra.Command{
		Use:   "render ROADMAP.json -o DIR",
		Short: "Render the documents of a roadmap.json again",
		Long: `Render the documents of a roadmap.json that 'citypath roadmap' wrote, without
the city file or the catalog: roadmap.json holds every decision the documents
show. The files are byte for byte those 'citypath roadmap' writes for the same
roadmap (with the same SOURCE_DATE_EPOCH), so a consultant can review or edit
roadmap.json and print the council documents from it.

Formats: ` + strings.Join(formatNames(), ", ") + `; the default is all of them.`,
		Example: `  $ citypath render out/roadmap.json -o again
  $ citypath render out/roadmap.json -o council --format pdf,docx`,
		Args: cobra.ExactArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			opts.File = args[0]
			if opts.OutDir == "" {
				return usagef("give an output directory with -o DIR")
			}
			if _, err := chooseFormats(opts.Formats); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return renderRun(opts)
		}),
	}
	cmd.Flags().StringVarP(&opts.OutDir, "output", "o", "", "directory to write the documents into")
	cmd.Flags().StringSliceVar(&opts.Formats, "format", formatNames(), "formats to write: "+strings.Join(formatNames(), ","))
	return cmd
}

func renderRun(opts *RenderOptions) error {
	data, err := readInput(&Factory{ReadFile: opts.ReadFile}, opts.File)
	if err != nil {
		return err
	}
	doc, err := decodeRoadmap(opts.File, data)
	if err != nil {
		return err
	}
	chosen, err := chooseFormats(opts.Formats)
	if err != nil {
		return err
	}
	noProgress := func(int) func(string) { return nil }
	files, err := renderAll(opts.Ctx, opts.Getenv, []*roadmap.Roadmap{doc}, []string{""}, []string{opts.File}, chosen, noProgress)
	if err != nil {
		return err
	}
	if err := atomicfile.WriteAll(opts.Ctx, opts.OutDir, files); err != nil {
		return err
	}
	for _, format := range chosen {
		fmt.Fprintf(opts.IO.Out, "wrote %s\n", joinPath(opts.OutDir, path.Join("", format.file)))
	}
	return nil
}

// decodeRoadmap reads a roadmap.json strictly: a key citypath does not
// know means the file is not one of its roadmaps, or one from another
// version.
func decodeRoadmap(name string, data []byte) (*roadmap.Roadmap, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var doc roadmap.Roadmap
	if err := dec.Decode(&doc); err != nil {
		return nil, invalidInput{fmt.Errorf("%s: not a citypath roadmap.json: %w", name, err)}
	}
	if doc.Schema != roadmap.SchemaVersion {
		return nil, invalidInput{fmt.Errorf("%s: roadmap.json schema %q; this citypath reads %q", name, doc.Schema, roadmap.SchemaVersion)}
	}
	if doc.Funding == nil || doc.Impact == nil || doc.Council == nil {
		return nil, invalidInput{fmt.Errorf("%s: roadmap.json lacks its funding plan, impact case or council section; generate it again with citypath roadmap", name)}
	}
	return &doc, nil
}
