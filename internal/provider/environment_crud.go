package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

func (r *environmentResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan environmentResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	client := r.client(&resp.Diagnostics)
	vars := variablesToSend(ctx, req.Config, plan, nil, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || client == nil {
		return
	}
	ctx = redactingSecrets(ctx, vars)
	in := testsigma.EnvironmentInput{Name: plan.Name.ValueStringPointer(), Description: plan.Description.ValueStringPointer(),
		ProjectID: knownInt64(plan.ProjectID), Variables: &vars}
	env, err := client.CreateEnvironment(ctx, in)
	if err != nil {
		resp.Diagnostics.Append(objectCallDiag("create", "environment", envCreateFailedText(ctx, client, plan.Name.ValueString(), err)))
		return
	}
	plan.ID, plan.SecretVariableKeys = stringID(env.ID), secretKeys(vars)
	if plan.ProjectID.IsUnknown() {
		plan.ProjectID = int64OrNull(env.ProjectID)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *environmentResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var st environmentResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &st)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() || client == nil {
		return
	}
	env, err := client.Environment(ctx, idNumber(st.ID))
	if testsigma.IsNotFound(err) {
		resp.Diagnostics.Append(goneWarning("environment", "Environment", idNumber(st.ID), err, ""))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(objectCallDiag("read", "environment", failedText(fmt.Sprintf("Reading environment %d", idNumber(st.ID)), err)))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, environmentToModel(env, st))...)
}

// environmentToModel is the one mapping from what Testsigma holds to state, used by Read
// and Import. prior keeps what the API does not answer (the secrets' version) and the
// difference between null and empty that the user wrote.
func environmentToModel(env testsigma.Environment, prior environmentResourceModel) *environmentResourceModel {
	m := prior
	m.ID = stringID(env.ID)
	// The name reads back neutralised and cut; the one written stays while it is that one.
	if prior.Name.IsNull() || !testsigma.SameText(env.Name, prior.Name.ValueString()) {
		m.Name = types.StringValue(env.Name)
	}
	if env.Description != "" || !prior.Description.IsNull() {
		m.Description = types.StringValue(env.Description)
	}
	if env.ProjectID != 0 {
		m.ProjectID = types.Int64Value(env.ProjectID)
	}
	plain, secret := map[string]string{}, []string{}
	sentSecret := map[string]bool{}
	for _, k := range prior.SecretVariableKeys.Elements() {
		if s, ok := k.(types.String); ok {
			sentSecret[s.ValueString()] = true
		}
	}
	for _, v := range env.Variables {
		// A key this resource sent as a secret stays one whatever the answer's flag says:
		// a missing isEncrypted must not put a secret's value in state.
		if v.Encrypted || sentSecret[v.Key] {
			secret = append(secret, v.Key)
		} else {
			plain[v.Key] = v.Value
		}
	}
	if len(plain) > 0 || !prior.Variables.IsNull() {
		m.Variables, _ = types.MapValueFrom(context.Background(), types.StringType, plain)
	}
	m.SecretVariablesWO = types.MapNull(types.StringType)
	m.SecretVariableKeys = keySet(secret)
	return &m
}

func (r *environmentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, st environmentResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &st)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() || client == nil {
		return
	}
	id := idNumber(st.ID)
	in := testsigma.EnvironmentInput{}
	if !plan.Name.Equal(st.Name) {
		in.Name = plan.Name.ValueStringPointer()
	}
	if !plan.Description.Equal(st.Description) {
		desc := plan.Description.ValueString() // "" clears it: the API ignores a null
		in.Description = &desc
	}
	if !plan.ProjectID.Equal(st.ProjectID) {
		in.ProjectID = knownInt64(plan.ProjectID)
	}
	if !plan.Variables.Equal(st.Variables) || !plan.SecretWOVersion.Equal(st.SecretWOVersion) || !plan.SecretVariableKeys.Equal(st.SecretVariableKeys) {
		// Known ids make the PUT update those variables instead of adding look-alikes.
		current, err := client.Environment(ctx, id)
		if err != nil {
			resp.Diagnostics.Append(objectCallDiag("update", "environment", envWriteText("Reading before updating", plan.Name.ValueString(), err)))
			return
		}
		if added := unplannedVariables(ctx, st, current.Variables); len(added) > 0 {
			resp.Diagnostics.Append(variablesAddedAfterPlanDiag(id, added))
			return
		}
		vars := variablesToSend(ctx, req.Config, plan, current.Variables, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		in.Variables = &vars
		ctx = redactingSecrets(ctx, vars)
		plan.SecretVariableKeys = secretKeys(vars) // unknown in the plan when the map was
	}
	if in != (testsigma.EnvironmentInput{}) {
		if err := client.UpdateEnvironment(ctx, id, in); err != nil {
			resp.Diagnostics.Append(objectCallDiag("update", "environment", envWriteText("Updating", plan.Name.ValueString(), err)))
			return
		}
		if in.Variables != nil {
			warnKeptVariables(ctx, client, id, *in.Variables, &resp.Diagnostics)
		}
	}
	plan.ID = st.ID
	if plan.ProjectID.IsUnknown() {
		plan.ProjectID = st.ProjectID
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete forgets: the API has no DELETE for environments (spec 2.8). The plan warned.
func (r *environmentResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var st environmentResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &st)...)
	resp.Diagnostics.Append(envLeftWarning(st.Name.ValueString(), idNumber(st.ID)))
}

// variablesToSend is the whole variable list: the plain ones from the plan and the
// encrypted ones from the configuration (write-only values are never in the plan), each
// with the id Testsigma knows it by.
func variablesToSend(ctx context.Context, config interface {
	GetAttribute(context.Context, path.Path, any) diag.Diagnostics
}, plan environmentResourceModel, current []testsigma.EnvironmentVariable, diags *diag.Diagnostics) []testsigma.VariableInput {
	var secret types.Map
	diags.Append(config.GetAttribute(ctx, path.Root("secret_variables_wo"), &secret)...)
	plain, d := stringMap(ctx, plan.Variables)
	diags.Append(d...)
	secrets, d := stringMap(ctx, secret)
	diags.Append(d...)
	ids := map[string]int64{}
	for _, v := range current {
		ids[v.Key] = v.ID
	}
	out := []testsigma.VariableInput{}
	for _, group := range []struct {
		vals      map[string]string
		encrypted bool
	}{{plain, false}, {secrets, true}} {
		keys := make([]string, 0, len(group.vals))
		for k := range group.vals {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			out = append(out, testsigma.VariableInput{ID: ids[k], Key: k, Value: group.vals[k], Encrypted: group.encrypted})
		}
	}
	return out
}

// warnKeptVariables reads the environment after a PUT and says so when Testsigma kept
// variables the list left out: the docs do not say whether a PUT removes them.
func warnKeptVariables(ctx context.Context, client *testsigma.Client, id int64, sent []testsigma.VariableInput, diags *diag.Diagnostics) {
	env, err := client.Environment(ctx, id)
	if err != nil {
		return // the next refresh reads it again
	}
	want := map[string]bool{}
	for _, v := range sent {
		want[v.Key] = true
	}
	var kept []string
	for _, v := range env.Variables {
		if !want[v.Key] {
			kept = append(kept, v.Key)
		}
	}
	if len(kept) > 0 {
		diags.Append(keptVariablesWarning(id, kept))
	}
}

// redactingSecrets is ctx whose API calls also redact the encrypted values sent: Testsigma
// may echo one in an error ("Variable password has an invalid value ...").
func redactingSecrets(ctx context.Context, vars []testsigma.VariableInput) context.Context {
	var values []string
	for _, v := range vars {
		if v.Encrypted {
			values = append(values, v.Value)
		}
	}
	return testsigma.WithSecrets(ctx, values...)
}

// knownInt64 is v's value when the user set it: an unknown (computed) value would give a
// pointer to 0 and send "projectId":0.
func knownInt64(v types.Int64) *int64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return v.ValueInt64Pointer()
}

// secretKeys are the keys of the encrypted variables sent.
func secretKeys(vars []testsigma.VariableInput) types.Set {
	var keys []string
	for _, v := range vars {
		if v.Encrypted {
			keys = append(keys, v.Key)
		}
	}
	return keySet(keys)
}

func int64OrNull(v int64) types.Int64 {
	if v == 0 {
		return types.Int64Null()
	}
	return types.Int64Value(v)
}
