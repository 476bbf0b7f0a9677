package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// docs/ is generated from the schema, so an attribute without a description is a bare name
// on the registry page. Walk the schema exactly as Terraform receives it.
func TestSchema_everyAttributeAndBlockIsDescribed(t *testing.T) {
	t.Parallel()
	srv, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("schema diagnostic: %s: %s", d.Summary, d.Detail)
	}
	check := func(where string, s *tfprotov6.Schema) {
		if s == nil || s.Block == nil {
			t.Errorf("%s: no schema", where)
			return
		}
		if s.Block.Description == "" {
			t.Errorf("%s has no description", where)
		}
		checkBlockDescribed(t, where, s.Block)
	}
	check("provider", resp.Provider)
	for name, s := range resp.ResourceSchemas {
		check("resource "+name, s)
	}
	for name, s := range resp.DataSourceSchemas {
		check("data source "+name, s)
	}
	if len(resp.ResourceSchemas) == 0 || len(resp.DataSourceSchemas) == 0 {
		t.Error("no resources or data sources were checked")
	}
}

func checkBlockDescribed(t *testing.T, where string, b *tfprotov6.SchemaBlock) {
	t.Helper()
	for _, a := range b.Attributes {
		if a.Description == "" {
			t.Errorf("%s: attribute %s has no description", where, a.Name)
		}
		if a.NestedType != nil {
			checkBlockDescribed(t, where+"."+a.Name, &tfprotov6.SchemaBlock{Attributes: a.NestedType.Attributes})
		}
	}
	for _, nb := range b.BlockTypes {
		if nb.Block == nil || nb.Block.Description == "" {
			t.Errorf("%s: block %s has no description", where, nb.TypeName)
		}
		if nb.Block != nil {
			checkBlockDescribed(t, where+"."+nb.TypeName, nb.Block)
		}
	}
}
