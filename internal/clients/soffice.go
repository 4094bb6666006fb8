package clients

import (
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// recalcSettings tells LibreOffice to recalculate every formula when it
// loads a spreadsheet. By default it trusts the results cached in an XLSX
// file, so a test that converts a workbook would check the cached values
// we wrote rather than what the formulas compute.
const recalcSettings = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`

// profile makes a LibreOffice user profile of the test's own, set to
// recalculate on load, and returns the -env argument that selects it.
func profile(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "user"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "user", "registrymodifications.xcu"), []byte(recalcSettings), 0o644); err != nil {
		t.Fatal(err)
	}
	return "-env:UserInstallation=file://" + filepath.ToSlash(dir)
}

// allSheetsCSV is the CSV filter writing every sheet to NAME-SHEET.csv,
// numbers as stored rather than as formatted.
const allSheetsCSV = "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1"

// SheetsCSV lets LibreOffice open each workbook, recalculate every formula
// and write each sheet as CSV into outDir; Sheet reads one back.
func SheetsCSV(t testing.TB, outDir string, files ...string) {
	t.Helper()
	bin := Require(t, "soffice", "libreoffice")
	args := append([]string{profile(t), "--headless", "--norestore", "--convert-to", allSheetsCSV, "--outdir", outDir}, files...)
	if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice --convert-to csv: %v\n%s", err, out)
	}
}

// Sheet reads the CSV that SheetsCSV wrote for a workbook's sheet.
func Sheet(t testing.TB, outDir, workbook, sheet string) [][]string {
	t.Helper()
	name := strings.TrimSuffix(filepath.Base(workbook), filepath.Ext(workbook)) + "-" + sheet + ".csv"
	f, err := os.Open(filepath.Join(outDir, name))
	if err != nil {
		t.Fatalf("LibreOffice did not convert sheet %s: %v", sheet, err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("sheet %s: %v", sheet, err)
	}
	return rows
}

// Convert converts files with LibreOffice in headless mode into outDir, as a
// user's "save as" would; format is soffice's --convert-to argument (pdf,
// or csv with filter options). Each call gets its own LibreOffice profile,
// so that test packages running at once do not share one, and spreadsheets
// are recalculated on load. It returns the
// converted files, and fails the test when soffice fails or writes nothing.
func Convert(t testing.TB, outDir, format string, files ...string) []string {
	t.Helper()
	bin := Require(t, "soffice", "libreoffice")
	args := append([]string{profile(t), "--headless", "--norestore",
		"--convert-to", format, "--outdir", outDir}, files...)
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("soffice --convert-to %s: %v\n%s", format, err, out)
	}
	ext, _, _ := strings.Cut(format, ":")
	var converted []string
	for _, f := range files {
		name := filepath.Join(outDir, strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))+"."+ext)
		if st, err := os.Stat(name); err != nil || st.Size() == 0 {
			t.Fatalf("soffice did not convert %s to %s:\n%s", f, ext, out)
		}
		converted = append(converted, name)
	}
	return converted
}

// Run runs a client and returns its standard output, failing the test when
// it exits with an error.
func Run(t testing.TB, name string, args ...string) string {
	t.Helper()
	bin := Require(t, name)
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		stderr := ""
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out, stderr)
	}
	return string(out)
}
