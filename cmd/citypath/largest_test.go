package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/citypath/citypath/internal/yamlx"
)

// largestCity writes a city file at the limits of the contract: every text
// at its maximum length (in two-byte letters and characters Markdown and
// HTML must escape), every focus area, and lists as long as the 2 MB file
// allows.
func largestCity(systems int) string {
	q := func(n int) string { return fmt.Sprintf("%q", strings.Repeat("Ž", n-4)+"<&*|") }
	var b strings.Builder
	fmt.Fprintf(&b, "city:\n  name: %s\n  country: CZ\n  population: 100000000\n  region: %s\n  nuts: %s\n  region_category: transition\n  language: %s\n  start_month: 2999-01\n", q(200), q(200), q(200), q(200))
	fmt.Fprintf(&b, "  buyer:\n    legal_name: %s\n    identifier: %s\n    scheme: %s\n    ocid_prefix: %s\n    website: %s\n", q(200), q(200), q(200), q(200), q(200))
	fmt.Fprintf(&b, "    address: {street: %s, locality: %s, postal_code: %s, country: CZ}\n", q(200), q(200), q(200))
	fmt.Fprintf(&b, "    contact: {name: %s, email: %s, telephone: %s}\n", q(200), fmt.Sprintf("%q", strings.Repeat("a", 190)+"@x.cz"), q(200))
	b.WriteString("assessment:\n  date: 2998-12-31\n  source: other\n  dimensions:\n")
	for _, d := range []string{"governance", "service_design", "data_management", "interoperability", "service_delivery", "technology", "networking"} {
		fmt.Fprintf(&b, "    %s: {score: 99.999, target: 5, note: %s}\n", d, q(2000))
	}
	b.WriteString("strategy:\n  focus_areas:\n")
	for _, fa := range strings.Fields("mobility traffic_flows energy_efficiency waste_management water_management education public_services safety_security living_health environment") {
		fmt.Fprintf(&b, "    - {id: %s, priority: 5, note: %s}\n", fa, q(2000))
	}
	b.WriteString("  objectives:\n")
	for range 200 {
		fmt.Fprintf(&b, "    - %s\n", q(200))
	}
	fmt.Fprintf(&b, "  horizon_years: 10\n  budget_per_year: 1000000000000\n  team: {internal_fte: 100000, contracted_fte: 100000}\n  political_sponsor: true\n  sponsor: %s\n", q(200))
	b.WriteString("  baselines:\n")
	for _, k := range []string{"building_energy_spend", "building_energy_mwh", "water_losses_m3", "water_losses_cost", "waste_collection_cost", "waste_collection_diesel_l"} {
		fmt.Fprintf(&b, "    %s: 999999999999999\n", k)
	}
	b.WriteString("infrastructure:\n  data_platform: siloed\n  connectivity: {fibre: true, mobile: [4g, 5g], lpwan: [lorawan]}\n  systems:\n")
	for range systems {
		fmt.Fprintf(&b, "    - {name: %s, vendor: %s, domain: mobility, open_api: true}\n", q(200), q(200))
	}
	b.WriteString("  sensors:\n")
	for range 100 {
		fmt.Fprintf(&b, "    - {type: %s, count: 100000000, domain: mobility}\n", q(200))
	}
	return b.String()
}

// TestLargestAccepted runs roadmap (every format) and tender --all on the
// largest city file the limits accept, and logs time and peak memory: the
// figures the README's limits are chosen by. It asserts only that the
// file is accepted and rendered.
func TestLargestAccepted(t *testing.T) {
	bin, _ := binary(t, "renders the largest accepted city in every format")
	dir := t.TempDir()
	src := largestCity(2000)
	if len(src) > yamlx.MaxFileSize {
		t.Fatalf("the largest city file is %d bytes, over the limit", len(src))
	}
	city := filepath.Join(dir, "city.yaml")
	if err := os.WriteFile(city, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"validate", city}, {"roadmap", city, "-o", filepath.Join(dir, "roadmap")}, {"tender", city, "--all", "-o", filepath.Join(dir, "tender")}} {
		cmd := exec.Command(bin, args...)
		start := time.Now()
		out, err := cmd.CombinedOutput()
		took := time.Since(start)
		if err != nil {
			t.Fatalf("%s: %v\n%.2000s", args[0], err, out)
		}
		rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss >> 10
		t.Logf("%s of a %d-byte city file: %s, peak RSS %d MB", args[0], len(src), took.Round(time.Millisecond), rss)
	}
}
