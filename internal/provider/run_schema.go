package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

type attrKind int

const (
	kindString attrKind = iota
	kindBool
	kindInt64
	kindTime
	kindStringList
)

type computedAttr struct {
	name string
	kind attrKind
	desc string
}

const nullCountNote = " Null when Testsigma reports no count (some accounts do), never a made-up 0."

// runResultAttrs describes runResultModel once, for both the resource and the data source.
var runResultAttrs = []computedAttr{
	{"status", kindString, "Testsigma's status of the run: `STATUS_CREATED`, `STATUS_IN_PROGRESS`, … `STATUS_COMPLETED`. Only `STATUS_COMPLETED` means finished."},
	{"result", kindString, "The run's result, normalised to the API's enum: `SUCCESS`, `FAILURE`, `ABORTED`, `NOT_EXECUTED`, `STOPPED`, or `QUEUED` while running (`PASSED`/`FAILED` spellings become `SUCCESS`/`FAILURE`). Null when Testsigma reports none; an automatic re-run's result replaces its parent's."},
	{"passed", kindBool, "True when the run is finished and `result` is one of `accepted_results`. A missing result is never a pass."},
	{"finished", kindBool, "True once the run (and any automatic re-run of it) is complete."},
	{"message", kindString, "Testsigma's message for the run, e.g. `Test plan execution failed`."},
	{"test_plan_name", kindString, "Name of the test plan."},
	{"started_at", kindTime, "When the run started (RFC 3339)."},
	{"finished_at", kindTime, "When the run finished (RFC 3339); null until then."},
	{"duration_seconds", kindInt64, "How long the run took, in seconds; null until known."},
	{"total_count", kindInt64, "Number of test cases in the run." + nullCountNote},
	{"passed_count", kindInt64, "Test cases that passed." + nullCountNote},
	{"failed_count", kindInt64, "Test cases that failed." + nullCountNote},
	{"aborted_count", kindInt64, "Test cases that were aborted." + nullCountNote},
	{"stopped_count", kindInt64, "Test cases that were stopped." + nullCountNote},
	{"not_executed_count", kindInt64, "Test cases that were not executed." + nullCountNote},
	{"queued_count", kindInt64, "Test cases still queued." + nullCountNote},
	{"app_url", kindString, "Link to the run in the Testsigma UI (`<base_url>/ui/td/runs/<id>`)."},
	{"failed_tests", kindStringList, "Names of the test cases that did not succeed, at most 50, read once the run is finished and its result is not `SUCCESS`."},
}

func runResultResourceAttributes() map[string]rschema.Attribute {
	out := map[string]rschema.Attribute{}
	for _, a := range runResultAttrs {
		switch a.kind {
		case kindString:
			out[a.name] = rschema.StringAttribute{Computed: true, MarkdownDescription: a.desc, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
		case kindBool:
			out[a.name] = rschema.BoolAttribute{Computed: true, MarkdownDescription: a.desc, PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()}}
		case kindInt64:
			out[a.name] = rschema.Int64Attribute{Computed: true, MarkdownDescription: a.desc, PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}}
		case kindTime:
			out[a.name] = rschema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{}, MarkdownDescription: a.desc, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
		case kindStringList:
			out[a.name] = rschema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: a.desc, PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()}}
		}
	}
	return out
}

func runResultDataSourceAttributes() map[string]dschema.Attribute {
	out := map[string]dschema.Attribute{}
	for _, a := range runResultAttrs {
		switch a.kind {
		case kindString:
			out[a.name] = dschema.StringAttribute{Computed: true, MarkdownDescription: a.desc}
		case kindBool:
			out[a.name] = dschema.BoolAttribute{Computed: true, MarkdownDescription: a.desc}
		case kindInt64:
			out[a.name] = dschema.Int64Attribute{Computed: true, MarkdownDescription: a.desc}
		case kindTime:
			out[a.name] = dschema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{}, MarkdownDescription: a.desc}
		case kindStringList:
			out[a.name] = dschema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: a.desc}
		}
	}
	return out
}
