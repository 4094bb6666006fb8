package roadmap

import "github.com/citypath/citypath/internal/yamlx"

type problemList = yamlx.Problems

func asProblems(err error) (yamlx.Problems, bool) { return yamlx.AsProblems(err) }
