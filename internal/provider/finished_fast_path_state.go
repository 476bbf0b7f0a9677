package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strconv"
	"sync"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Besides the refresh and the plan, Terraform sends two more calls per testsigma_plan_run
// instance on every plan, and through the framework they cost more than both together (a
// plan over 400 finished runs through the real CLI, timed at the server): 400
// UpgradeResourceState at ~0.65ms of CPU each, and 401 ValidateResourceConfig (one per
// instance, plus the validate walk's) at ~1ms each, against ~0.05ms for a three-attribute
// resource. Both are cheap to answer exactly.

// upgrade answers UpgradeResourceState for a testsigma_plan_run state written by the current
// schema version: the framework then only converts the stored JSON to the wire format
// (its pass-through), but through tftypes, which decodes every nested value once per level
// of nesting. stateToMsgPack does the same conversion in one pass. nil: ask the framework
// (another version, the legacy flatmap, or anything stateToMsgPack does not read exactly as
// tftypes does).
func (f *finishedRuns) upgrade(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) *tfprotov6.UpgradeResourceStateResponse {
	if req.TypeName != planRunTypeName || req.RawState == nil || req.RawState.JSON == nil || !f.init(ctx) || req.Version != f.version {
		return nil
	}
	mp, ok := stateToMsgPack(req.RawState.JSON, f.typ)
	if !ok {
		return nil
	}
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &tfprotov6.DynamicValue{MsgPack: mp}}
}

// stateToMsgPack converts state JSON to msgpack as tftypes.ValueFromJSONWithOpts with
// IgnoreUndefinedAttributes and then MarshalMsgPack would: attributes the type lacks are
// dropped, attributes the JSON lacks are null, the last of duplicate keys wins, numbers
// that are integers are integers. It reads only the canonical forms Terraform writes (a
// string for a string, an integer for a number, ...); false for any other, which tftypes
// may convert (a number given as a string, a boolean as "1") or refuse.
func stateToMsgPack(raw []byte, typ tftypes.Object) ([]byte, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return nil, false
	}
	out, ok := convertObject(dec, typ, nil)
	if _, err := dec.Token(); !ok || !errors.Is(err, io.EOF) {
		return nil, false
	}
	return out, true
}

// convertValue appends the msgpack of the JSON value that dec is at, of type typ.
func convertValue(dec *json.Decoder, typ tftypes.Type, out []byte) ([]byte, bool) {
	tok, err := dec.Token()
	if err != nil {
		return nil, false
	}
	if tok == nil {
		return append(out, 0xc0), true
	}
	switch t := typ.(type) {
	case tftypes.Object:
		if tok != json.Delim('{') || len(t.OptionalAttributes) > 0 {
			return nil, false
		}
		return convertObject(dec, t, out)
	case tftypes.List:
		return convertArray(dec, tok, t.ElementType, out)
	case tftypes.Set:
		return convertArray(dec, tok, t.ElementType, out)
	case tftypes.Map:
		if tok != json.Delim('{') {
			return nil, false
		}
		return convertMap(dec, t.ElementType, out)
	}
	return convertPrimitive(tok, typ, out)
}

func convertPrimitive(tok json.Token, typ tftypes.Type, out []byte) ([]byte, bool) {
	switch v := tok.(type) {
	case string:
		if typ.Is(tftypes.String) {
			return msgpackString(out, v), true
		}
	case bool:
		if typ.Is(tftypes.Bool) {
			if v {
				return append(out, 0xc3), true
			}
			return append(out, 0xc2), true
		}
	case json.Number:
		n, err := strconv.ParseInt(string(v), 10, 64)
		if err == nil && typ.Is(tftypes.Number) {
			return msgpackInt(out, n), true
		}
	}
	return nil, false
}

// convertObject reads the members of an object whose '{' was read, and appends the
// object: every attribute of typ, sorted as tftypes writes them.
func convertObject(dec *json.Decoder, typ tftypes.Object, out []byte) ([]byte, bool) {
	vals, ok := convertMembers(dec, func(key string) (tftypes.Type, bool) {
		t, found := typ.AttributeTypes[key]
		return t, found
	})
	if !ok {
		return nil, false
	}
	names := make([]string, 0, len(typ.AttributeTypes))
	for name := range typ.AttributeTypes {
		names = append(names, name)
	}
	slices.Sort(names)
	out = msgpackHeader(out, 0x80, 0xde, len(names))
	for _, name := range names {
		out = msgpackString(out, name)
		if v, set := vals[name]; set {
			out = append(out, v...)
		} else {
			out = append(out, 0xc0)
		}
	}
	return out, true
}

// convertMap reads the members of a map whose '{' was read, and appends the map.
func convertMap(dec *json.Decoder, elem tftypes.Type, out []byte) ([]byte, bool) {
	vals, ok := convertMembers(dec, func(string) (tftypes.Type, bool) { return elem, true })
	if !ok {
		return nil, false
	}
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out = msgpackHeader(out, 0x80, 0xde, len(keys))
	for _, k := range keys {
		out = append(msgpackString(out, k), vals[k]...)
	}
	return out, true
}

// convertMembers reads an object's members up to its '}': the msgpack of each member
// typeOf knows (the last of duplicates), the others skipped.
func convertMembers(dec *json.Decoder, typeOf func(string) (tftypes.Type, bool)) (map[string][]byte, bool) {
	vals := map[string][]byte{}
	for dec.More() {
		tok, err := dec.Token()
		key, isString := tok.(string)
		if err != nil || !isString {
			return nil, false
		}
		t, known := typeOf(key)
		if !known {
			if dec.Decode(new(json.RawMessage)) != nil {
				return nil, false
			}
			continue
		}
		v, ok := convertValue(dec, t, nil)
		if !ok {
			return nil, false
		}
		vals[key] = v
	}
	tok, err := dec.Token()
	return vals, err == nil && tok == json.Delim('}')
}

// convertArray reads a list's or a set's elements after tok, its '[', and appends them.
func convertArray(dec *json.Decoder, tok json.Token, elem tftypes.Type, out []byte) ([]byte, bool) {
	if tok != json.Delim('[') {
		return nil, false
	}
	var elems []byte
	n := 0
	for dec.More() {
		var ok bool
		if elems, ok = convertValue(dec, elem, elems); !ok {
			return nil, false
		}
		n++
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim(']') {
		return nil, false
	}
	return append(msgpackHeader(out, 0x90, 0xdc, n), elems...), true
}

// msgpackHeader appends an array's or a map's length: fix (up to 15), 16 or 32 bits.
func msgpackHeader(out []byte, fix, wide byte, n int) []byte {
	switch {
	case n < 16:
		return append(out, fix|byte(n))
	case n < 1<<16:
		return append(out, wide, byte(n>>8), byte(n))
	}
	return append(out, wide+1, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
}

func msgpackString(out []byte, s string) []byte {
	n := len(s)
	switch {
	case n < 32:
		out = append(out, 0xa0|byte(n))
	case n < 1<<8:
		out = append(out, 0xd9, byte(n))
	case n < 1<<16:
		out = append(out, 0xda, byte(n>>8), byte(n))
	default:
		out = append(out, 0xdb, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
	return append(out, s...)
}

func msgpackInt(out []byte, n int64) []byte {
	if n >= -32 && n < 128 {
		return append(out, byte(n)) // positive or negative fixint
	}
	u := uint64(n)
	return append(out, 0xd3, byte(u>>56), byte(u>>48), byte(u>>40), byte(u>>32), byte(u>>24), byte(u>>16), byte(u>>8), byte(u))
}

// validations remembers the framework's answers to ValidateResourceConfig for
// testsigma_plan_run. Terraform validates every instance of a resource block with count or
// for_each, each with the same configuration most of the time, and the resource's validation
// depends on nothing but the configuration and the client's capabilities (no validator reads
// the provider's settings or the API), so the same question gets the same answer.
type validations struct {
	mu      sync.Mutex
	answers map[string][]*tfprotov6.Diagnostic
}

// maxValidations bounds the memory: distinct configurations past it start a new memory.
const maxValidations = 64

func validationKey(req *tfprotov6.ValidateResourceConfigRequest) (string, bool) {
	if req.TypeName != planRunTypeName || req.Config == nil {
		return "", false
	}
	caps := "0"
	if req.ClientCapabilities != nil && req.ClientCapabilities.WriteOnlyAttributesAllowed {
		caps = "1"
	}
	return caps + strconv.Itoa(len(req.Config.MsgPack)) + ":" + string(req.Config.MsgPack) + string(req.Config.JSON), true
}

func (v *validations) validate(ctx context.Context, inner tfprotov6.ProviderServer, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	key, ok := validationKey(req)
	if !ok {
		return inner.ValidateResourceConfig(ctx, req)
	}
	v.mu.Lock()
	diags, seen := v.answers[key]
	v.mu.Unlock()
	if seen {
		return &tfprotov6.ValidateResourceConfigResponse{Diagnostics: slices.Clone(diags)}, nil
	}
	resp, err := inner.ValidateResourceConfig(ctx, req)
	if err != nil || resp == nil {
		return resp, err
	}
	v.mu.Lock()
	if v.answers == nil || len(v.answers) >= maxValidations {
		v.answers = map[string][]*tfprotov6.Diagnostic{}
	}
	v.answers[key] = slices.Clone(resp.Diagnostics)
	v.mu.Unlock()
	return resp, nil
}
