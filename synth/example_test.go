package synth_test

import (
	"fmt"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/synth"
)

func Example() {
	cat, err := catalog.Load(catalog.Builtin())
	if err != nil {
		panic(err)
	}
	g := synth.New(cat, synth.Options{Seed: 1, Invalid: 0.05})
	for _, c := range g.Population(40)[18:21] {
		fmt.Printf("%s %q\n", c.File, c.Mistake)
	}
	// Output:
	// 00019-stolinville.yaml ""
	// 00020-salany.yaml "syntax"
	// 00021-petinberg.yaml ""
}
