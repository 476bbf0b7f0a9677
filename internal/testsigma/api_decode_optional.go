package testsigma

import (
	"bytes"
	"encoding/json"
)

// The opt* types decode a field the verdict does not need. A value that cannot be decoded
// is unknown (the zero value), never an error: one odd count or time must not fail every
// read of a run, since a wait that cannot read its run ends in a timeout, and a stop sent
// on that timeout reads from an answer older than the run's real state. Only the fields a
// verdict is made of (id, status, result, the re-run chain) keep a strict decoder.

// optInt is a flexInt that is null when it cannot be read ("NaN", 4000.5, "1001abc").
type optInt struct{ flexInt }

func (o *optInt) UnmarshalJSON(b []byte) error {
	if o.flexInt.UnmarshalJSON(b) != nil {
		o.flexInt = flexInt{}
	}
	return nil
}

// optTime is a flexTime that is null when it cannot be read.
type optTime struct{ flexTime }

func (o *optTime) UnmarshalJSON(b []byte) error {
	if o.flexTime.UnmarshalJSON(b) != nil {
		o.flexTime = flexTime{}
	}
	return nil
}

// optText is a JSON string or number as text; anything else (an object, an array, a
// boolean, null) is "".
type optText string

func (o *optText) UnmarshalJSON(b []byte) error {
	*o = ""
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] == '{' || b[0] == '[' || b[0] == 't' || b[0] == 'f' || b[0] == 'n' {
		return nil
	}
	var f flexString
	if f.UnmarshalJSON(b) == nil {
		*o = optText(f)
	}
	return nil
}

// optBool is a JSON boolean; anything else is unknown (nil).
type optBool struct{ v *bool }

func (o *optBool) UnmarshalJSON(b []byte) error {
	o.v = nil
	var v bool
	if json.Unmarshal(b, &v) == nil && string(bytes.TrimSpace(b)) != "null" {
		o.v = &v
	}
	return nil
}

// optPlan is the run's `execution` object; one that cannot be read is unknown (nil).
type optPlan struct{ p *wirePlan }

func (o *optPlan) UnmarshalJSON(b []byte) error {
	o.p = nil
	var p wirePlan
	if bytes.HasPrefix(bytes.TrimSpace(b), []byte("{")) && json.Unmarshal(b, &p) == nil {
		o.p = &p
	}
	return nil
}
