package workbook

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// A form is a workbook people fill in: its input cells carry checks and
// drop-down lists, everything else is protected so that labels and the
// workbook's own formulas cannot be typed over by mistake.

// Check kinds of a Validation.
const (
	CheckList    = "list"    // one of the values of a range or defined name
	CheckWhole   = "whole"   // a whole number between Min and Max
	CheckDecimal = "decimal" // a number between Min and Max
	CheckDate    = "date"    // a date between Min and Max (serial numbers)
	CheckLength  = "length"  // text of at most Max characters
)

// Validation is an input check on a range of cells, as readers show it: a
// drop-down list or a refusal with a message when the value is out of range.
type Validation struct {
	Kind string
	// List is the source of a list check: a defined name or a range such
	// as Lists!$A$2:$A$30.
	List string
	// Min and Max bound the other checks: a number, or a formula such as
	// IF($C$6="1-5",5,100) without the leading =.
	Min, Max any
	// Title and Message are shown when a value is refused; Prompt, when
	// set, is shown while the cell is selected.
	Title, Message, Prompt string
	// Warn lets the user keep a value the check refuses, after a warning.
	Warn bool
}

// Validate adds an input check to cells, a range such as C4:C9.
func (b *Book) Validate(sheet, cells string, v Validation) {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = cells
	var err error
	switch v.Kind {
	case CheckList:
		dv.SetSqrefDropList(v.List)
	case CheckWhole:
		err = dv.SetRange(v.Min, v.Max, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween)
	case CheckDecimal:
		err = dv.SetRange(v.Min, v.Max, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
	case CheckDate:
		err = dv.SetRange(v.Min, v.Max, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween)
	case CheckLength:
		err = dv.SetRange(0, v.Max, excelize.DataValidationTypeTextLength, excelize.DataValidationOperatorBetween)
	default:
		err = fmt.Errorf("workbook: no check kind %q", v.Kind)
	}
	b.Check(err)
	style := excelize.DataValidationErrorStyleStop
	if v.Warn {
		style = excelize.DataValidationErrorStyleWarning
	}
	if v.Message != "" {
		dv.SetError(style, v.Title, v.Message)
	}
	if v.Prompt != "" {
		dv.SetInput(v.Title, v.Prompt)
	}
	b.Check(b.F.AddDataValidation(sheet, dv))
}

// Name defines a workbook-wide name for a range, such as a list's values
// or a cell a reader looks up, e.g. Name("countries", "Lists!$A$2:$A$250").
func (b *Book) Name(name, refersTo string) {
	b.Check(b.F.SetDefinedName(&excelize.DefinedName{Name: name, RefersTo: refersTo}))
}

// Hide hides a sheet, such as the one holding a form's lists.
func (b *Book) Hide(sheet string) {
	b.Check(b.F.SetSheetVisible(sheet, false))
}

// HideCols hides columns, e.g. HideCols("City", "A", "A").
func (b *Book) HideCols(sheet, from, to string) {
	b.Check(b.F.SetColVisible(sheet, from+":"+to, false))
}

// Protect locks a sheet without a password: only cells in a style with
// Protection{Locked: false} can be edited, which keeps labels and formulas
// from being overwritten by mistake while anyone can still unprotect it.
func (b *Book) Protect(sheet string) {
	b.Check(b.F.ProtectSheet(sheet, &excelize.SheetProtectionOptions{
		SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true,
	}))
}

// LockStructure keeps sheets from being added, removed, renamed or
// unhidden, so that a reader finds the sheets where it left them.
func (b *Book) LockStructure() {
	b.Check(b.F.ProtectWorkbook(&excelize.WorkbookProtectionOptions{LockStructure: true}))
}
