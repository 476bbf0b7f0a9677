package emulator

import "time"

// SeedDemo adds the demo scenario. Plans 1001 (passes) and 1002 (fails) and saved configs
// 11-13 are what the examples and scripts use by id. Around them: a near-name neighbour
// of 1001 (1003) so lookups by name must match exactly, a plan whose failed run re-runs
// itself and then passes (1004), one whose counts move while it runs (1005), and enough
// others that the plan listing takes two pages. One config query holds a newline, as
// the real API's do; environment Staging has an encrypted variable.
func SeedDemo(s *Server) {
	s.AddPlan(Plan{
		ID: 1001, Name: "Smoke - checkout", Queued: time.Second, Running: 3 * time.Second,
		Result: "SUCCESS", Description: "Storefront and checkout smoke tests", ApplicationVersionID: 52,
		Cases: []Case{
			{ID: 201, Name: "Open home page", Result: "SUCCESS", SuiteID: 114, SuiteName: "Storefront"},
			{ID: 202, Name: "Search for a product", Result: "SUCCESS", SuiteID: 114, SuiteName: "Storefront"},
			{ID: 203, Name: "Add to cart", Result: "SUCCESS", SuiteID: 115, SuiteName: "Checkout"},
			{ID: 204, Name: "Pay with saved card", Result: "SUCCESS", SuiteID: 115, SuiteName: "Checkout",
				DataDriven: true, Iterations: []Iteration{{"visa", "SUCCESS"}, {"mastercard", "SUCCESS"}}},
			{ID: 205, Name: "Order confirmation email", Result: "SUCCESS", SuiteID: 115, SuiteName: "Checkout"},
		},
	})
	s.AddPlan(Plan{
		ID: 1002, Name: "Regression - payments", Queued: time.Second, Running: 4 * time.Second,
		Result: "FAILURE", Description: "Card, refund and wallet regression", ApplicationVersionID: 52,
		Cases: []Case{
			{ID: 301, Name: "Card payment", Result: "SUCCESS", SuiteID: 120, SuiteName: "Cards"},
			{ID: 302, Name: "3-D Secure challenge", Result: "FAILURE", SuiteID: 120, SuiteName: "Cards",
				FailStep: "Click on Complete authentication"},
			{ID: 303, Name: "Refund", Result: "SUCCESS", SuiteID: 121, SuiteName: "Refunds"},
			{ID: 304, Name: "Partial refund", Result: "FAILURE", SuiteID: 121, SuiteName: "Refunds",
				Steps:       []string{"Open order ORD-1042", "Click on Refund", "Enter 5.00 in the Amount field", "Verify that the element Refund status displays text Partially refunded"},
				FailStep:    "Verify that the element Refund status displays text Partially refunded",
				FailMessage: "Assertion failed: expected text Partially refunded but found Refund pending"},
			{ID: 305, Name: "Wallet payment", Result: "SUCCESS", SuiteID: 122, SuiteName: "Wallets", Machine: "Firefox"},
			{ID: 306, Name: "Bank transfer", Result: "SUCCESS", SuiteID: 122, SuiteName: "Wallets", Machine: "Firefox"},
		},
	})
	s.AddPlan(Plan{
		ID: 1003, Name: "Smoke - checkout (old)", Queued: time.Second, Running: 2 * time.Second,
		Result: "SUCCESS", Description: "Superseded by Smoke - checkout", ApplicationVersionID: 51,
		Cases: []Case{{ID: 211, Name: "Open home page", Result: "SUCCESS", SuiteID: 110, SuiteName: "Legacy storefront"}},
	})
	s.AddPlan(Plan{
		ID: 1004, Name: "Nightly - search", Queued: time.Second, Running: 3 * time.Second,
		Result: "FAILURE", ReRunType: "ONLY_FAILED_TESTS", ApplicationVersionID: 52,
		Description: "Re-runs its failed tests once by itself; the flaky one passes then",
		Cases: []Case{
			{ID: 401, Name: "Search by keyword", Result: "SUCCESS", SuiteID: 130, SuiteName: "Search"},
			{ID: 402, Name: "Search suggestions", FlakyRuns: 1, SuiteID: 130, SuiteName: "Search",
				FailStep: "Click on the first suggestion"},
			{ID: 403, Name: "Filter by price", Result: "SUCCESS", SuiteID: 131, SuiteName: "Filters"},
		},
	})
	s.AddPlan(seedProgressive())
	for i, name := range []string{"Accessibility audit", "API contract", "Localization - de-DE",
		"Mobile - login", "Onboarding", "Performance smoke", "Visual regression", "Smoke"} {
		id := int64(1006 + i)
		s.AddPlan(Plan{ID: id, Name: name, Queued: time.Second, Running: 2 * time.Second,
			Result: "SUCCESS", ApplicationVersionID: 52,
			Cases: []Case{{ID: id*10 + 1, Name: name + " - happy path", Result: "SUCCESS", SuiteID: 140, SuiteName: "Misc"}}})
	}
	seedConfigsAndEnvironments(s)
}

// seedProgressive is a long plan whose run object counts its cases as they finish.
func seedProgressive() Plan {
	p := Plan{
		ID: 1005, Name: "Regression - full", Queued: 2 * time.Second, Running: 40 * time.Second,
		Result: "FAILURE", Progressive: true, Seed: 7, ApplicationVersionID: 52,
		Description: "Twelve cases that finish one by one",
	}
	for i := range 12 {
		res := "SUCCESS"
		if i == 8 {
			res = "FAILURE"
		}
		p.Cases = append(p.Cases, Case{ID: int64(501 + i), Name: "Regression case " + string(rune('A'+i)),
			Result: res, SuiteID: 150, SuiteName: "Regression"})
	}
	return p
}

func seedConfigsAndEnvironments(s *Server) {
	s.AddSavedConfig(SavedConfig{ID: 11, Name: "Chrome smoke",
		Query: `[{"key":"suiteId","value":[114],"operation":"NOT_IN"}]`, CreatedByEmail: "qa.lead@example.com"})
	s.AddSavedConfig(SavedConfig{ID: 12, Name: "Firefox nightly",
		Query: "[{\"key\":\"suiteId\",\n\"value\":[114,115],\"operation\":\"IN\"}]"})
	s.AddSavedConfig(SavedConfig{ID: 13, Name: "Safari - staging",
		Query: `[{"key":"assignee","value":[7],"operation":"IN"}]`, Condition: "INCLUDED"})
	s.AddEnvironment(Environment{ID: 21, Name: "Staging", Description: "Pre-production", Variables: []Variable{
		{Key: "base_url", Value: "https://staging.shop.example.com"},
		{Key: "username", Value: "qa-bot@example.com"},
		{Key: "password", Value: "ENC(v1:9bX2kQ7tLw==)", Encrypted: true},
	}})
	s.AddEnvironment(Environment{ID: 22, Name: "Staging - EU", Description: "Pre-production, EU region", Variables: []Variable{
		{Key: "base_url", Value: "https://staging-eu.shop.example.com"},
	}})
	s.AddEnvironment(Environment{ID: 23, Name: "Production", Variables: []Variable{
		{Key: "base_url", Value: "https://shop.example.com"},
	}})
}
