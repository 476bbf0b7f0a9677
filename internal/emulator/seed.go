package emulator

import "time"

// SeedDemo adds the demo scenario: a passing plan (1001), a failing one (1002) and
// three saved configs, one of whose queries holds a newline as the real API's do.
func SeedDemo(s *Server) {
	s.AddPlan(Plan{
		ID: 1001, Name: "Smoke - checkout", Queued: time.Second, Running: 3 * time.Second,
		Result: "SUCCESS",
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
		Result: "FAILURE",
		Cases: []Case{
			{ID: 301, Name: "Card payment", Result: "SUCCESS", SuiteID: 120, SuiteName: "Cards"},
			{ID: 302, Name: "3-D Secure challenge", Result: "FAILURE", SuiteID: 120, SuiteName: "Cards"},
			{ID: 303, Name: "Refund", Result: "SUCCESS", SuiteID: 121, SuiteName: "Refunds"},
			{ID: 304, Name: "Partial refund", Result: "FAILURE", SuiteID: 121, SuiteName: "Refunds"},
			{ID: 305, Name: "Wallet payment", Result: "SUCCESS", SuiteID: 122, SuiteName: "Wallets", Machine: "Firefox"},
			{ID: 306, Name: "Bank transfer", Result: "SUCCESS", SuiteID: 122, SuiteName: "Wallets", Machine: "Firefox"},
		},
	})
	s.AddSavedConfig(SavedConfig{ID: 11, Name: "Chrome smoke",
		Query: `[{"key":"suiteId","value":[114],"operation":"NOT_IN"}]`, CreatedByEmail: "qa.lead@example.com"})
	s.AddSavedConfig(SavedConfig{ID: 12, Name: "Firefox nightly",
		Query: "[{\"key\":\"suiteId\",\n\"value\":[114,115],\"operation\":\"IN\"}]"})
	s.AddSavedConfig(SavedConfig{ID: 13, Name: "Safari - staging",
		Query: `[{"key":"assignee","value":[7],"operation":"IN"}]`, Condition: "INCLUDED"})
}
