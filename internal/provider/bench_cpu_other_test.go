//go:build !unix

package provider

import "time"

// processCPU is not measured here: the bench prints 0 for this process's CPU.
func processCPU() time.Duration { return 0 }
