package testsigma

import (
	"reflect"
	"testing"
)

func TestParseQuery(t *testing.T) {
	tests := []struct {
		name  string
		raw   string
		want  []QueryTerm
		isErr bool
	}{
		{"doc sample", `[{"key":"suiteId","value":[114],"operation":"NOT_IN"}]`,
			[]QueryTerm{{Key: "suiteId", Values: []int64{114}, Operation: "NOT_IN"}}, false},
		{"newlines inside", "[\n  {\"key\": \"suiteId\",\n   \"value\": [114,\n 115],\n   \"operation\": \"IN\"}\r\n]\n",
			[]QueryTerm{{Key: "suiteId", Values: []int64{114, 115}, Operation: "IN"}}, false},
		{"values key", `[{"key":"assignee","values":[7,8],"operation":"IN"}]`,
			[]QueryTerm{{Key: "assignee", Values: []int64{7, 8}, Operation: "IN"}}, false},
		{"numeric strings", `[{"key":"reviewedBy","value":["7"," 8 "],"operation":"IN"}]`,
			[]QueryTerm{{Key: "reviewedBy", Values: []int64{7, 8}, Operation: "IN"}}, false},
		{"single value", `[{"key":"suiteId","value":114,"operation":"EQ"}]`,
			[]QueryTerm{{Key: "suiteId", Values: []int64{114}, Operation: "EQ"}}, false},
		{"single numeric string", `[{"key":"suiteId","value":"114","operation":"EQ"}]`,
			[]QueryTerm{{Key: "suiteId", Values: []int64{114}, Operation: "EQ"}}, false},
		{"nulls in the list are skipped", `[{"key":"suiteId","value":[null,1],"operation":"IN"}]`,
			[]QueryTerm{{Key: "suiteId", Values: []int64{1}, Operation: "IN"}}, false},
		{"no value", `[{"key":"suiteId","operation":"IS_NULL"}]`,
			[]QueryTerm{{Key: "suiteId", Values: []int64{}, Operation: "IS_NULL"}}, false},
		{"several terms and unknown fields", `[{"key":"suiteId","value":[1],"operation":"IN","extra":true},{"key":"assignee","values":[2],"operation":"NOT_IN"}]`,
			[]QueryTerm{{Key: "suiteId", Values: []int64{1}, Operation: "IN"}, {Key: "assignee", Values: []int64{2}, Operation: "NOT_IN"}}, false},
		{"empty array", `[]`, []QueryTerm{}, false},
		{"surrounding spaces", "  [] \n", []QueryTerm{}, false},
		{"unparseable", `suiteId NOT IN (114)`, nil, true},
		{"truncated", `[{"key":"suiteId","value":[114]`, nil, true},
		{"an object, not an array", `{"key":"suiteId","value":[114]}`, nil, true},
		{"empty", ``, nil, true},
		{"non-numeric values", `[{"key":"assignee","value":["alice"],"operation":"IN"}]`, nil, true},
		{"fractional value", `[{"key":"suiteId","value":[1.5],"operation":"IN"}]`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseQuery(tt.raw)
			if (err != nil) != tt.isErr {
				t.Fatalf("parseQuery(%q) err = %v, want error %v", tt.raw, err, tt.isErr)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseQuery(%q) = %#v, want %#v", tt.raw, got, tt.want)
			}
		})
	}
}
