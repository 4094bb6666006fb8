// Command citypath turns a city's maturity assessment and strategy into a
// phased digital transformation roadmap and procurement packs.
package main

import (
	"os"

	"github.com/citypath/citypath/cmd"
)

func main() { os.Exit(cmd.Main()) }
