// Package reassess compares two assessments of the same city, a year
// apart say: two city files (the dimension scores and levels that moved,
// and the state of play that changed) or two roadmaps (also the
// initiatives added, dropped or moved and the milestones that slipped). It
// renders the result as text, JSON and, through the document engine, an
// HTML page.
package reassess
