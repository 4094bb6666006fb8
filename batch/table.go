package batch

func readCSV(env Env, path string) ([]Entry, error)  { return nil, inputErrorf("%s: not yet", path) }
func readXLSX(env Env, path string) ([]Entry, error) { return nil, inputErrorf("%s: not yet", path) }
