// Package eforms writes the draft eForms contract notice of a tender above
// the EU threshold: notice subtype 16 (contract notice, Directive
// 2014/24/EU, standard regime) of eForms SDK 1.15, as the UBL XML a buyer
// loads into eSender or eNotices2 (Commission Implementing Regulation (EU)
// 2019/1780).
//
// The package only writes: every value in a Notice is decided by the
// procurement pipeline (package procurement builds it from the plan and
// the city file). Codes are the SDK's code lists: three-letter country and
// language codes, CPV codes without their check digit, and the procedure
// type, contract nature, buyer legal type, authority activity, award
// criterion type and weight type of the SDK's codelists/ folder.
//
// The same Notice gives the same bytes: nothing here reads the clock,
// draws random numbers or depends on map order.
package eforms
