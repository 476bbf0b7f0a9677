// Command providerschema writes the provider's schemas in the format of
// `terraform providers schema -json`, from the provider's own GetProviderSchema, for
// tfplugindocs' --providers-schema. Terraform before 1.14 leaves action schemas out of its
// output, so docs generated through it would lack docs/actions; built here they are
// complete, and `make generate` needs neither a Terraform CLI nor a network for the schema.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/testsigma/terraform-provider-testsigma/internal/provider"
)

// The JSON shapes below are those of terraform-json's ProviderSchemas (format 1.0), written
// out so that the provider's module does not depend on terraform-json and go-cty for a
// build step.

type providerSchemas struct {
	FormatVersion string                     `json:"format_version"`
	Schemas       map[string]*providerSchema `json:"provider_schemas"`
}

type providerSchema struct {
	Provider    *schema                    `json:"provider,omitempty"`
	Resources   map[string]*schema         `json:"resource_schemas,omitempty"`
	DataSources map[string]*schema         `json:"data_source_schemas,omitempty"`
	Actions     map[string]*schema         `json:"action_schemas,omitempty"`
	Lists       map[string]*schema         `json:"list_resource_schemas,omitempty"`
	Identities  map[string]*identitySchema `json:"resource_identity_schemas,omitempty"`
}

type identitySchema struct {
	Version    int64                         `json:"version"`
	Attributes map[string]*identityAttribute `json:"attributes,omitempty"`
}

type identityAttribute struct {
	Type              json.RawMessage `json:"type,omitempty"`
	Description       string          `json:"description,omitempty"`
	RequiredForImport bool            `json:"required_for_import,omitempty"`
	OptionalForImport bool            `json:"optional_for_import,omitempty"`
}

type schema struct {
	Version *int64 `json:"version,omitempty"` // actions have none
	Block   *block `json:"block"`
}

type block struct {
	Attributes      map[string]*attribute `json:"attributes,omitempty"`
	BlockTypes      map[string]*blockType `json:"block_types,omitempty"`
	Description     string                `json:"description,omitempty"`
	DescriptionKind string                `json:"description_kind,omitempty"`
	Deprecated      bool                  `json:"deprecated,omitempty"`
}

type blockType struct {
	NestingMode string `json:"nesting_mode"`
	Block       *block `json:"block"`
	MinItems    int64  `json:"min_items,omitempty"`
	MaxItems    int64  `json:"max_items,omitempty"`
}

type attribute struct {
	Type            json.RawMessage `json:"type,omitempty"` // cty's type JSON (typeJSON)
	NestedType      *nestedType     `json:"nested_type,omitempty"`
	Description     string          `json:"description,omitempty"`
	DescriptionKind string          `json:"description_kind,omitempty"`
	Deprecated      bool            `json:"deprecated,omitempty"`
	Required        bool            `json:"required,omitempty"`
	Optional        bool            `json:"optional,omitempty"`
	Computed        bool            `json:"computed,omitempty"`
	Sensitive       bool            `json:"sensitive,omitempty"`
	WriteOnly       bool            `json:"write_only,omitempty"`
}

type nestedType struct {
	Attributes  map[string]*attribute `json:"attributes"`
	NestingMode string                `json:"nesting_mode"`
}

func main() {
	out := flag.String("o", "", "file to write the schema JSON to (required)")
	name := flag.String("name", "testsigma", "provider name, as tfplugindocs' --provider-name")
	flag.Parse()
	if *out == "" {
		log.Fatal("providerschema: -o is required")
	}
	ps, err := read(context.Background())
	if err != nil {
		log.Fatalf("providerschema: %v", err)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // descriptions hold "<" and ">"; keep them readable
	enc.SetIndent("", "  ")
	if err := enc.Encode(providerSchemas{FormatVersion: "1.0", Schemas: map[string]*providerSchema{*name: ps}}); err != nil {
		log.Fatalf("providerschema: %v", err)
	}
	if err := os.WriteFile(*out, b.Bytes(), 0o600); err != nil {
		log.Fatalf("providerschema: %v", err)
	}
}

// read asks the provider for its schemas, as Terraform does.
func read(ctx context.Context) (*providerSchema, error) {
	srv, err := providerserver.NewProtocol6WithError(provider.New("docs")())()
	if err != nil {
		return nil, err
	}
	resp, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, err
	}
	for _, d := range resp.Diagnostics {
		return nil, fmt.Errorf("schema diagnostic: %s: %s", d.Summary, d.Detail)
	}
	// Kinds this program does not write yet would silently miss their docs.
	if len(resp.EphemeralResourceSchemas)+len(resp.Functions)+len(resp.StateStoreSchemas) > 0 {
		return nil, fmt.Errorf("the provider has schema kinds this program does not write; add them to internal/cmd/providerschema")
	}
	ps := &providerSchema{Provider: convert(resp.Provider, true), Resources: map[string]*schema{}, DataSources: map[string]*schema{}, Actions: map[string]*schema{}}
	for n, s := range resp.ResourceSchemas {
		ps.Resources[n] = convert(s, true)
	}
	for n, s := range resp.DataSourceSchemas {
		ps.DataSources[n] = convert(s, true)
	}
	for n, s := range resp.ActionSchemas {
		ps.Actions[n] = convert(s.Schema, false)
	}
	if len(resp.ListResourceSchemas) > 0 {
		ps.Lists = map[string]*schema{}
		for n, s := range resp.ListResourceSchemas {
			ps.Lists[n] = convert(s, true)
		}
	}
	ids, err := identities(ctx, srv)
	if err != nil {
		return nil, err
	}
	ps.Identities = ids
	return ps, nil
}

// identities are the resources' identity schemas (a separate RPC), for the import-by-
// identity section of their pages.
func identities(ctx context.Context, srv tfprotov6.ProviderServer) (map[string]*identitySchema, error) {
	resp, err := srv.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		return nil, err
	}
	for _, d := range resp.Diagnostics {
		return nil, fmt.Errorf("identity schema diagnostic: %s: %s", d.Summary, d.Detail)
	}
	if len(resp.IdentitySchemas) == 0 {
		return nil, nil
	}
	out := map[string]*identitySchema{}
	for n, s := range resp.IdentitySchemas {
		is := &identitySchema{Version: s.Version, Attributes: map[string]*identityAttribute{}}
		for _, a := range s.IdentityAttributes {
			t, err := json.Marshal(typeJSON(a.Type))
			if err != nil {
				return nil, err
			}
			is.Attributes[a.Name] = &identityAttribute{Type: t, Description: a.Description, RequiredForImport: a.RequiredForImport, OptionalForImport: a.OptionalForImport}
		}
		out[n] = is
	}
	return out, nil
}

func convert(s *tfprotov6.Schema, versioned bool) *schema {
	out := &schema{Block: convertBlock(s.Block)}
	if versioned {
		out.Version = &s.Version
	}
	return out
}

func convertBlock(b *tfprotov6.SchemaBlock) *block {
	out := &block{Description: b.Description, DescriptionKind: kind(b.DescriptionKind), Deprecated: b.Deprecated}
	if len(b.Attributes) > 0 {
		out.Attributes = convertAttributes(b.Attributes)
	}
	if len(b.BlockTypes) > 0 {
		out.BlockTypes = map[string]*blockType{}
		for _, nb := range b.BlockTypes {
			out.BlockTypes[nb.TypeName] = &blockType{NestingMode: blockNesting[nb.Nesting], Block: convertBlock(nb.Block), MinItems: nb.MinItems, MaxItems: nb.MaxItems}
		}
	}
	return out
}

func convertAttributes(attrs []*tfprotov6.SchemaAttribute) map[string]*attribute {
	out := map[string]*attribute{}
	for _, a := range attrs {
		ca := &attribute{
			Description: a.Description, DescriptionKind: kind(a.DescriptionKind), Deprecated: a.Deprecated,
			Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, WriteOnly: a.WriteOnly,
		}
		if a.NestedType != nil {
			ca.NestedType = &nestedType{Attributes: convertAttributes(a.NestedType.Attributes), NestingMode: objectNesting[a.NestedType.Nesting]}
		} else {
			t, err := json.Marshal(typeJSON(a.Type))
			if err != nil {
				log.Fatalf("providerschema: type of %s: %v", a.Name, err)
			}
			ca.Type = t
		}
		out[a.Name] = ca
	}
	return out
}

// typeJSON is a type as Terraform writes it: "string", ["list","string"],
// ["object",{"a":"number"}]. (tftypes can write it too, but only for its own use.)
func typeJSON(t tftypes.Type) any {
	switch t := t.(type) {
	case tftypes.List:
		return []any{"list", typeJSON(t.ElementType)}
	case tftypes.Set:
		return []any{"set", typeJSON(t.ElementType)}
	case tftypes.Map:
		return []any{"map", typeJSON(t.ElementType)}
	case tftypes.Tuple:
		elems := []any{}
		for _, e := range t.ElementTypes {
			elems = append(elems, typeJSON(e))
		}
		return []any{"tuple", elems}
	case tftypes.Object:
		attrs := map[string]any{}
		for n, a := range t.AttributeTypes {
			attrs[n] = typeJSON(a)
		}
		if len(t.OptionalAttributes) == 0 {
			return []any{"object", attrs}
		}
		optional := []string{}
		for n := range t.OptionalAttributes {
			optional = append(optional, n)
		}
		slices.Sort(optional)
		return []any{"object", attrs, optional}
	}
	switch {
	case t.Is(tftypes.String):
		return "string"
	case t.Is(tftypes.Number):
		return "number"
	case t.Is(tftypes.Bool):
		return "bool"
	case t.Is(tftypes.DynamicPseudoType):
		return "dynamic"
	}
	log.Fatalf("providerschema: unknown type %s", t)
	return nil
}

func kind(k tfprotov6.StringKind) string {
	if k == tfprotov6.StringKindMarkdown {
		return "markdown"
	}
	return "plain"
}

var blockNesting = map[tfprotov6.SchemaNestedBlockNestingMode]string{
	tfprotov6.SchemaNestedBlockNestingModeSingle: "single",
	tfprotov6.SchemaNestedBlockNestingModeList:   "list",
	tfprotov6.SchemaNestedBlockNestingModeSet:    "set",
	tfprotov6.SchemaNestedBlockNestingModeMap:    "map",
	tfprotov6.SchemaNestedBlockNestingModeGroup:  "group",
}

var objectNesting = map[tfprotov6.SchemaObjectNestingMode]string{
	tfprotov6.SchemaObjectNestingModeSingle: "single",
	tfprotov6.SchemaObjectNestingModeList:   "list",
	tfprotov6.SchemaObjectNestingModeSet:    "set",
	tfprotov6.SchemaObjectNestingModeMap:    "map",
}
