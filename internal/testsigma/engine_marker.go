package testsigma

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
)

// generatedPrefix starts the build number a trigger carries when the user set none.
// Testsigma shows a run's build number back (buildNo), and no other field of the trigger is
// echoed, so it is what makes this trigger's run distinguishable from another pipeline's run
// of the same plan after a lost answer: 64 random bits no other trigger carries.
const generatedPrefix = "tf-"

const generatedHexLen = 16

// markTrigger gives a trigger without a build number a generated one.
func markTrigger(req TriggerRequest) TriggerRequest {
	if req.BuildNumber == "" {
		b := make([]byte, generatedHexLen/2)
		_, _ = rand.Read(b) // never fails (crypto/rand documents it)
		req.BuildNumber = generatedPrefix + hex.EncodeToString(b)
	}
	return req
}

// IsGeneratedBuildNumber: build was made by markTrigger, not given by the user, so a
// configuration that set no build number still describes the run.
func IsGeneratedBuildNumber(build string) bool {
	hexPart, ok := strings.CutPrefix(build, generatedPrefix)
	if !ok || len(hexPart) != generatedHexLen {
		return false
	}
	_, err := hex.DecodeString(hexPart)
	return err == nil && strings.ToLower(hexPart) == hexPart
}
