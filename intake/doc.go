// Package intake writes the intake workbook a city fills in without help,
// and reads a filled one back into a city file.
//
// The workbook has one sheet per section of the city file (city,
// assessment, strategy, infrastructure, state of play, assets), an
// instructions sheet and a hidden sheet of lists that the drop-downs draw
// on. Labels are protected; only the yellow input cells can be edited, and
// they carry the same checks the city loader makes (ranges, dates, catalog
// ids). Labels come from a language file (lang/LANG.yaml), so that another
// language is data, not code.
//
// Reading keeps every problem, each at its sheet and cell, and then runs the
// city loader on the city file it built: the loader's problems are mapped
// back to the cells their values came from, so that a city is never told
// about a YAML line it has not seen.
//
// # Versions
//
// The workbook says which intake format it follows in the defined name
// citypath_intake_version (shown on the instructions sheet), and where each
// section's sheet is in the defined names citypath_sheet_SECTION, which
// follow a sheet if it is renamed. Every input row carries its city file
// path in the hidden column A, so that rows found by key, not by position,
// survive a catalog that adds indicators or drivers.
//
// When the layout has to change (a column moves, a key is renamed), raise
// FormatVersion and keep the old version's layout in layouts: Read picks the
// layout of the version the workbook names, so every workbook citypath ever
// wrote still reads. testdata/v1-kladno.xlsx is a filled version 1 workbook
// kept for that test; it is never regenerated.
package intake
