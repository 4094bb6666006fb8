package catalog

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
)

var anyType = reflect.TypeOf((*any)(nil)).Elem()

// formatValue renders an observed value compactly: numbers without noise,
// text quoted, lists and maps as JSON.
func formatValue(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool, int64, uint64:
		return fmt.Sprint(x)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
