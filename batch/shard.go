package batch

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
)

// Shard is part i of n of a batch; the zero value is the whole batch.
type Shard struct{ Index, Count int }

// ParseShard reads "i/n" with 0 <= i < n.
func ParseShard(s string) (Shard, error) {
	is, ns, ok := strings.Cut(s, "/")
	i, ierr := strconv.Atoi(is)
	n, nerr := strconv.Atoi(ns)
	if !ok || ierr != nil || nerr != nil || n < 1 || i < 0 || i >= n {
		return Shard{}, fmt.Errorf("%q is not a shard i/n with 0 <= i < n, e.g. 0/4", s)
	}
	return Shard{i, n}, nil
}

func (s Shard) String() string {
	if s.Count == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// Holds says whether the city writing to folder belongs to the shard. The
// split hashes the folder name (case-folded, as a case-insensitive disk
// sees it), so it does not depend on the order or number of the inputs,
// and every shard of a run agrees on it.
func (s Shard) Holds(folder string) bool {
	if s.Count <= 1 {
		return true
	}
	h := fnv.New64a()
	h.Write([]byte(strings.ToLower(folder)))
	return h.Sum64()%uint64(s.Count) == uint64(s.Index)
}
