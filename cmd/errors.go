package cmd

import "github.com/citypath/citypath/internal/yamlx"

// mergeErrors joins the problems of several files into one report.
func mergeErrors(errs []error) error {
	var all yamlx.Problems
	for _, err := range errs {
		ps, ok := yamlx.AsProblems(err)
		if !ok {
			return err
		}
		all = append(all, ps...)
	}
	return all.Err()
}
