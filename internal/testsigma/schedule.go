package testsigma

import "time"

// Schedule constants. Runs can fail within seconds (an offline device, an inactive agent), so
// the first look is early; after that polls back off toward the steady interval, and, when
// the run's likely length is known, gather around the moment it is expected to end.
const (
	DefaultPollInterval = 15 * time.Second
	MinPollInterval     = time.Second
	firstPoll           = time.Second
	backoffFactor       = 1.5
	densePoll           = 2 * time.Second
)

// NextPoll is the delay before poll number attempt (0 = the first after the trigger), given
// the time elapsed since the wait began, the expected run length (0 = unknown) and the steady
// interval (the ceiling). It is a pure function: the same inputs give the same delay.
func NextPoll(elapsed time.Duration, attempt int, expected, interval time.Duration) time.Duration {
	if interval < MinPollInterval {
		interval = DefaultPollInterval
	}
	if attempt <= 0 {
		return min(firstPoll, interval)
	}
	back := backoffDelay(attempt, interval)
	if expected <= 0 {
		return back
	}
	window := expectationWindow(expected)
	start, end := expected-window, expected+window
	switch {
	case elapsed < start:
		// Sparse until the window opens, but land on its first edge rather than overshoot it.
		return max(min(back, start-elapsed), min(densePoll, interval))
	case elapsed <= end:
		return min(densePoll, interval)
	default:
		// Later than expected: back off again, counted from the end of the window.
		past := elapsed - end
		return min(max(densePoll, time.Duration(float64(past)*(backoffFactor-1))), interval)
	}
}

func backoffDelay(attempt int, interval time.Duration) time.Duration {
	d := float64(firstPoll)
	for i := 0; i < attempt && d < float64(interval); i++ {
		d *= backoffFactor
	}
	return min(time.Duration(d), interval)
}

// expectationWindow is how far either side of the expected end polls stay dense: run lengths
// vary from one run to the next by roughly a tenth.
func expectationWindow(expected time.Duration) time.Duration {
	return min(max(expected/10, 3*time.Second), 2*time.Minute)
}
