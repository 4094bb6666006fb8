package schematron

import (
	"context"
	"os"
	"testing"
	"fmt"
)

func TestScratch(t *testing.T) {
	dir := "/work/shared/schemas/eforms-sdk-1.15.1/"
	xsl, err := Compile(os.DirFS(dir+"schematrons/static"), "complete-validation.sch", "eforms-16")
	if err != nil { t.Fatal(err) }
	os.WriteFile("/tmp/eft-scratch/rules.xsl", xsl, 0o644)
	docs := map[string][]byte{}
	for _, n := range []string{"cn_24_minimal.xml", "INVALID_cn_24_empty.xml", "cn_24_open.xml", "cn_24_maximal.xml", "INVALID_cn_24_stage-2.xml", "cn_24_nego_accel.xml"} {
		b, _ := os.ReadFile(dir+"examples/notices/"+n)
		docs[n] = b
	}
	res, err := Run(context.Background(), []string{"java", "-cp", "/usr/share/java/Saxon-HE.jar", "net.sf.saxon.Transform"}, xsl, docs)
	if err != nil { t.Fatal(err) }
	for n, fs := range res {
		for _, f := range fs { fmt.Println(n, f.ID, f.Role, f.Location) }
	}
}
