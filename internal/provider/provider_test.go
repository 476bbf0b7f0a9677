package provider

import (
	goflag "flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
	"github.com/testsigma/terraform-provider-testsigma/internal/simclock"
)

// testClock runs the provider's time 50 times faster, its Now and its sleeps alike, so the
// adaptive schedule behaves as designed while tests that poll several times take
// milliseconds. It changes how long the waits are, not what they decide.
var testClock = simclock.NewScaled(50)

func factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return factoriesWith(Options{})
}

// factoriesWith is factories() with other provider options (testClock unless set).
func factoriesWith(opts Options) map[string]func() (tfprotov6.ProviderServer, error) {
	if opts.Clock == nil {
		opts.Clock = testClock
	}
	return map[string]func() (tfprotov6.ProviderServer, error){
		"testsigma": func() (tfprotov6.ProviderServer, error) { return NewServer("test", opts)(), nil },
	}
}

// newEmulator starts a fresh emulator for one test.
func newEmulator(t *testing.T, opts emulator.Options) *emulator.Server {
	t.Helper()
	emu := emulator.New(opts)
	t.Cleanup(emu.Close)
	return emu
}

// providerBlock points the provider at the emulator with its key.
func providerBlock(emu *emulator.Server) string {
	return providerWith(emu.URL(), emu.APIKey())
}

// providerWith is a provider block with this base URL and key and more attribute lines: the
// one place a test writes the provider's configuration by hand.
func providerWith(baseURL, apiKey string, lines ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "provider \"testsigma\" {\n  base_url = %q\n  api_key  = %q\n", baseURL, apiKey)
	for _, l := range lines {
		b.WriteString("  " + l + "\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// TestMain keeps the developer's Terraform settings out of the tests: the machine may point
// TF_CLI_CONFIG_FILE at a file that does not exist, and TESTSIGMA_* would leak into configs.
func TestMain(m *testing.M) {
	goflag.Parse()
	raiseParallel()
	for _, v := range []string{"TESTSIGMA_API_KEY", "TESTSIGMA_BASE_URL"} {
		os.Unsetenv(v)
	}
	if f := os.Getenv("TF_CLI_CONFIG_FILE"); f != "" {
		if _, err := os.Stat(f); err != nil {
			os.Unsetenv("TF_CLI_CONFIG_FILE")
		}
	}
	os.Exit(m.Run())
}

// defaultParallel is how many tests run at once unless -parallel says otherwise. go test's
// default, GOMAXPROCS, suits tests that compute; these mostly wait, on terraform processes
// starting and on the scaled clock, so more of them side by side keep the cores busy. 6 had
// the lowest mean wall time of 2, 4, 6, 8 and 12 on this 2-core machine, measured in four
// interleaved rounds on groups of 40-47 tests while others loaded it (6: 93 s, 8: 103 s,
// 4: 106 s; noisy, but more than 6 never paid). -parallel on the command line still wins.
const defaultParallel = 6

// raiseParallel sets -test.parallel to defaultParallel unless the user set it.
func raiseParallel() {
	set := false
	goflag.Visit(func(f *goflag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		_ = goflag.Set("test.parallel", strconv.Itoa(defaultParallel))
	}
}
