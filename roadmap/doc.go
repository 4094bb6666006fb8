// Package roadmap turns a city file and a catalog into a phased roadmap.
//
// Generation is a pipeline of named steps, listed in package pipeline: load
// and validate the city file, score the assessment, match the catalog's
// rules, schedule the chosen initiatives against the team's capacity and the
// yearly budget, date milestones, plan funding and the impact case, assess
// the catalog's risks and draft the council's decisions (decisions.go). Each
// step reads and extends a Context; nothing is global, nothing reads the
// clock, and every list is sorted by a stable key, so the same inputs give
// the same bytes. JSON and Markdown render the finished roadmap.
package roadmap
