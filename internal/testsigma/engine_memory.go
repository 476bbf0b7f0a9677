package testsigma

import (
	"sync"
	"time"
)

// durations remembers, for the life of the client (one provider process), how long the last
// run of each test plan took. A replacement destroys the old run before creating the new one
// in the same apply, so the provider hands the old run's length in (RememberDuration) and the
// new wait expects it. Runs that finish while others of the same plan still wait teach them
// when to look: a waiter sleeps on the entry's channel and works its schedule out again.
type durations struct {
	mu     sync.Mutex
	byPlan map[int64]*learned
}

type learned struct {
	d       time.Duration
	changed chan struct{} // closed, and replaced, whenever d changes
}

func (m *durations) entry(testPlanID int64) *learned {
	if m.byPlan == nil {
		m.byPlan = map[int64]*learned{}
	}
	e, ok := m.byPlan[testPlanID]
	if !ok {
		e = &learned{changed: make(chan struct{})}
		m.byPlan[testPlanID] = e
	}
	return e
}

func (m *durations) remember(testPlanID int64, d time.Duration) {
	d = d.Round(time.Second)
	if d <= 0 || testPlanID <= 0 {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e := m.entry(testPlanID)
	if e.d == d {
		return
	}
	e.d = d
	close(e.changed)
	e.changed = make(chan struct{})
}

func (m *durations) recall(testPlanID int64) (time.Duration, <-chan struct{}) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e := m.entry(testPlanID)
	return e.d, e.changed
}

// RememberDuration records that a run of the test plan took d (the run a replacement is about
// to destroy, say), so the next wait on that plan expects as much.
func (c *Client) RememberDuration(testPlanID int64, d time.Duration) {
	c.memory.remember(testPlanID, d)
}

// Expectation is the run length a wait on the plan would expect now: hint when set (the
// user's expected_duration), else the last length remembered for the plan; 0 when none.
func (c *Client) Expectation(testPlanID int64, hint time.Duration) time.Duration {
	if hint > 0 {
		return hint
	}
	d, _ := c.memory.recall(testPlanID)
	return d
}

// expectation is what the schedule uses before each poll, and a channel closed when the
// answer may have changed (nil when it cannot: a hint is fixed).
func (c *Client) expectation(testPlanID int64, hint time.Duration) (time.Duration, <-chan struct{}) {
	if hint > 0 {
		return hint, nil
	}
	return c.memory.recall(testPlanID)
}
