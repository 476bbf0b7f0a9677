package provider

import (
	"context"
	"time"
	_ "time/tzdata" // zone names are checked at plan time on any machine, with or without zoneinfo

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// javaShortZones are the three-letter names Testsigma (a Java service) takes besides IANA
// names, as java.time.ZoneId.SHORT_IDS maps them; its docs use EST, PST and IST.
var javaShortZones = map[string]string{
	"ACT": "Australia/Darwin", "AET": "Australia/Sydney", "AGT": "America/Argentina/Buenos_Aires",
	"ART": "Africa/Cairo", "AST": "America/Anchorage", "BET": "America/Sao_Paulo", "BST": "Asia/Dhaka",
	"CAT": "Africa/Harare", "CNT": "America/St_Johns", "CST": "America/Chicago", "CTT": "Asia/Shanghai",
	"EAT": "Africa/Addis_Ababa", "ECT": "Europe/Paris", "IET": "America/Indiana/Indianapolis", //nolint:misspell // ECT is a Java zone id
	"IST": "Asia/Kolkata", "JST": "Asia/Tokyo", "MIT": "Pacific/Apia", "NET": "Asia/Yerevan",
	"NST": "Pacific/Auckland", "PLT": "Asia/Karachi", "PNT": "America/Phoenix", "PRT": "America/Puerto_Rico",
	"PST": "America/Los_Angeles", "SST": "Pacific/Guadalcanal", "VST": "Asia/Ho_Chi_Minh",
	"EST": "-05:00", "MST": "-07:00", "HST": "-10:00",
}

// scheduleZone is the location a timezone names, false for a name Testsigma cannot know:
// "Local" is this machine's zone, which Go accepts and the server does not.
func scheduleZone(name string) (*time.Location, bool) {
	if name == "" || name == "Local" {
		return nil, false
	}
	if to, ok := javaShortZones[name]; ok {
		if off, err := time.Parse("-07:00", to); err == nil {
			_, secs := off.Zone()
			return time.FixedZone(name, secs), true
		}
		name = to
	}
	loc, err := time.LoadLocation(name)
	return loc, err == nil
}

var _ resource.ResourceWithValidateConfig = (*scheduleResource)(nil)

// ValidateConfig fails a next_interval the clocks skip in its zone (a DST gap: Go and
// the server would each move it somewhere) and a ONCE schedule whose only run is already
// past (Testsigma accepts it, and it never runs).
func (r *scheduleResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m scheduleModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() || !known(m.NextInterval, m.Timezone) {
		return
	}
	at, ok := testsigma.ParseScheduleInterval(m.NextInterval.ValueString())
	loc, zok := scheduleZone(m.Timezone.ValueString())
	if !ok || !zok {
		return // the attributes' own validators say why
	}
	local := time.Date(at.Year(), at.Month(), at.Day(), at.Hour(), at.Minute(), at.Second(), at.Nanosecond(), loc)
	when, attr := m.NextInterval.ValueString()+" "+m.Timezone.ValueString(), path.Root("next_interval")
	switch now := r.now(); {
	case local.Hour() != at.Hour() || local.Minute() != at.Minute():
		resp.Diagnostics.Append(skippedLocalTimeDiag(attr, m.NextInterval.ValueString(), m.Timezone.ValueString()))
	case m.ScheduleType.ValueString() == "ONCE" && local.Before(now):
		resp.Diagnostics.Append(oncePastDiag(attr, when, now.In(loc).Format("2006-01-02T15:04:05")))
	}
}

func known(vs ...types.String) bool {
	for _, v := range vs {
		if v.IsNull() || v.IsUnknown() {
			return false
		}
	}
	return true
}

// now is the provider's clock (injected in tests), else the machine's.
func (r *scheduleResource) now() time.Time {
	if r.clock != nil {
		return r.clock.Now()
	}
	return time.Now()
}
