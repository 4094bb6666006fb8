// Package roadmap turns a city file and a catalog into a phased roadmap.
//
// Generation is a pipeline of named steps (see Steps): load and validate the
// city file, score the assessment, match the catalog's rules, schedule the
// chosen initiatives against the team's capacity and the yearly budget, date
// milestones, and render roadmap.json and roadmap.md. Each step reads and
// extends a Context; nothing is global, nothing reads the clock, and every
// list is sorted by a stable key, so the same inputs give the same bytes.
package roadmap
