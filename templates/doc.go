// Package templates renders citypath's documents. Its engine runs Go
// text/template (Markdown, plain text) and html/template (HTML) with the sprig
// functions, minus every function that reads the environment, the network or
// the clock, and fails on a missing map key. Default templates are embedded;
// a user directory can replace any of them by file name. A template error is
// reported as a yamlx.Problem at the template's file, line and column, so the
// command line treats it as invalid input.
//
// The documents the Markdown templates describe are laid out by package
// document.
package templates
