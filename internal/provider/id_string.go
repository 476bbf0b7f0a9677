package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Every resource's and data source's `id` is a string, as the framework's convention has it
// (testsigma_plan_run's always was), though Testsigma's ids are numbers: one type means one
// way to pass an id on and to compare it. References to other objects (test_plan_id,
// environment_id) stay numbers, the type their API fields have.

// stringID is the `id` attribute for Testsigma's numeric id n.
func stringID(n int64) types.String { return types.StringValue(strconv.FormatInt(n, 10)) }

// idNumber is the number an `id` attribute holds; 0 for null or unknown (the import and the
// schema only ever store a whole number from 1 up).
func idNumber(s types.String) int64 {
	n, _ := strconv.ParseInt(s.ValueString(), 10, 64)
	return n
}

// numberIDUpgraders upgrade a state written when `id` was a number (schema version 0) to
// the string it is now; nothing else in the state changes.
func numberIDUpgraders() map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{0: {StateUpgrader: upgradeNumberID}}
}

func upgradeNumberID(_ context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	if req.RawState == nil || req.RawState.JSON == nil {
		resp.Diagnostics.Append(idUpgradeDiag("it is not in the JSON form Terraform writes"))
		return
	}
	upgraded, err := numberIDToString(req.RawState.JSON)
	if err != nil {
		resp.Diagnostics.Append(idUpgradeDiag(err.Error()))
		return
	}
	resp.DynamicValue = &tfprotov6.DynamicValue{JSON: upgraded}
}

// numberIDToString rewrites a state's JSON with its `id` number as a string; a null id (a
// schedule whose create was not confirmed) stays null.
func numberIDToString(state []byte) ([]byte, error) {
	var attrs map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(state))
	dec.UseNumber()
	if err := dec.Decode(&attrs); err != nil {
		return nil, err
	}
	if raw, ok := attrs["id"]; ok && string(raw) != "null" {
		var n json.Number
		if err := json.Unmarshal(raw, &n); err != nil {
			return nil, err
		}
		if _, err := n.Int64(); err != nil {
			return nil, err
		}
		attrs["id"], _ = json.Marshal(n.String())
	}
	return json.Marshal(attrs)
}

// idStringValidator accepts an `id` a user sets (a data source's): a whole number from 1 up,
// written as a number (id = 21) or as its plain text (id = "21").
type idStringValidator struct{}

func (idStringValidator) Description(context.Context) string {
	return "must be a Testsigma id, a whole number from 1 up"
}
func (v idStringValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (idStringValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	// Only the plain form: the id read back must be the text configured ("+7" or "007"
	// would come back as "7", which Terraform refuses as an inconsistent result).
	if n, err := strconv.ParseInt(req.ConfigValue.ValueString(), 10, 64); err != nil || n < 1 || strconv.FormatInt(n, 10) != req.ConfigValue.ValueString() {
		resp.Diagnostics.Append(invalidIDDiag(req.Path, strconv.Quote(req.ConfigValue.ValueString())))
	}
}
