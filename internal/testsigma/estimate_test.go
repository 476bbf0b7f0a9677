package testsigma

import (
	"testing"
	"time"
)

// Pure-function tests of the run's end estimated from its counts. How soon the end is
// noticed, and at what cost, is measured by `make bench`, not asserted here.

const sec = time.Second

// feed observes (elapsed, done) readings of a run of total cases, in order.
func feed(total int64, readings ...[2]int64) Progress {
	var p Progress
	for _, r := range readings {
		p = p.Observe(time.Duration(r[0])*sec, r[1], total)
	}
	return p
}

func TestProgressEvenProgress(t *testing.T) {
	// A case every 2s, from 0: 100 cases end at 200s.
	var p Progress
	var prevSpread time.Duration
	for at := int64(10); at <= 150; at += 10 {
		p = p.Observe(time.Duration(at)*sec, at/2, 100)
		end, spread, strong, ok := p.estimate()
		if at == 10 {
			if !ok || strong {
				t.Fatalf("one reading: ok %v, strong %v; want a weak estimate", ok, strong)
			}
			continue
		}
		if !ok || !strong || end != 200*sec {
			t.Fatalf("at %ds: end %v (strong %v, ok %v), want 200s", at, end, strong, ok)
		}
		if spread <= 0 || (prevSpread > 0 && spread >= prevSpread) {
			t.Errorf("at %ds: spread %v after %v; want it to shrink as cases finish", at, spread, prevSpread)
		}
		prevSpread = spread
	}
}

func TestProgressOneReadingCountsFromTheLastEmptyOne(t *testing.T) {
	// Nothing finished at 10s, 5 of 100 at 20s: 2s a case, counted from 10s.
	p := feed(100, [2]int64{1, 0}, [2]int64{10, 0}, [2]int64{20, 5})
	end, _, strong, ok := p.estimate()
	if !ok || strong || end != 20*sec+95*2*sec {
		t.Errorf("end %v (strong %v, ok %v), want a weak 210s", end, strong, ok)
	}
	if got := p.weakSpan(strong); got != 10*sec {
		t.Errorf("weak span %v, want the 10s the reading counted over", got)
	}
	// Without a reading of none, from the trigger.
	p = feed(100, [2]int64{20, 10})
	if end, _, _, _ := p.estimate(); end != 20*sec+90*2*sec {
		t.Errorf("from the trigger: end %v, want 200s", end)
	}
	// A single reading with no span says nothing.
	if _, _, _, ok := feed(100, [2]int64{0, 10}).estimate(); ok {
		t.Error("a reading at 0s gave an estimate")
	}
}

func TestProgressNothingFinishedYet(t *testing.T) {
	p := feed(40, [2]int64{1, 0}, [2]int64{6, 0}, [2]int64{21, 0})
	if !p.Counting() {
		t.Fatal("a known total is counting")
	}
	if _, _, _, ok := p.estimate(); ok {
		t.Error("an estimate before any case finished")
	}
}

func TestProgressBursty(t *testing.T) {
	// A machine reports 30 cases at a time, every 30s; polls every 10s.
	var p Progress
	for at := int64(10); at < 120; at += 10 {
		done := (at / 30) * 30
		p = p.Observe(time.Duration(at)*sec, done, 120)
		end, spread, _, ok := p.estimate()
		if done == 0 {
			if ok {
				t.Fatalf("at %ds: an estimate before any case finished", at)
			}
			continue
		}
		if !ok || end <= time.Duration(at)*sec || spread <= 0 {
			t.Fatalf("at %ds: end %v, spread %v, ok %v; want an end after the reading, with a spread", at, end, spread, ok)
		}
	}
	// All reported, the run not yet marked complete: the end is now.
	p = p.Observe(120*sec, 120, 120)
	if end, spread, _, _ := p.estimate(); end != 120*sec || spread != 0 {
		t.Errorf("all cases done: end %v, spread %v; want now, exactly", end, spread)
	}
}

func TestProgressStallKeepsTheEndUntilTheCountsMove(t *testing.T) {
	// 2s a case, then a case that takes 3 minutes.
	p := feed(50, [2]int64{10, 5}, [2]int64{20, 10}, [2]int64{30, 15})
	end, spread, _, _ := p.estimate()
	if end != 30*sec+35*2*sec {
		t.Fatalf("end %v, want 100s", end)
	}
	for at := int64(40); at <= 200; at += 20 {
		p = p.Observe(time.Duration(at)*sec, 15, 50)
		if e, s, strong, ok := p.estimate(); !ok || !strong || e != end || s != spread {
			t.Fatalf("stalled at %ds: end %v, spread %v; want the last movement's %v, %v", at, e, s, end, spread)
		}
	}
	// The long case is done: it is in the rate now, and the end moves later.
	p = p.Observe(210*sec, 16, 50)
	if e, _, _, _ := p.estimate(); e <= end+180*sec {
		t.Errorf("after the long case: end %v, want later than %v", e, end+180*sec)
	}
}

func TestProgressStartsOverWhenCountsGoBack(t *testing.T) {
	p := feed(50, [2]int64{10, 5}, [2]int64{20, 10})
	if _, _, strong, _ := p.estimate(); !strong {
		t.Fatal("two readings with progress between them: want a firm estimate")
	}
	back := p.Observe(30*sec, 4, 50)
	if _, _, strong, ok := back.estimate(); !ok || strong {
		t.Errorf("finished cases went back: strong %v, ok %v; want a weak estimate from this reading alone", strong, ok)
	}
	other := p.Observe(30*sec, 12, 60)
	if _, _, strong, _ := other.estimate(); strong {
		t.Error("the total changed: want the estimate started over")
	}
	if again := p.Observe(5*sec, 11, 50); again.last.at != 5*sec || again.first.at != 5*sec {
		t.Errorf("a reading earlier than the last: %+v, want a fresh start", again)
	}
}

func TestProgressIgnoresReadingsThatSayNothing(t *testing.T) {
	p := feed(50, [2]int64{10, 5}, [2]int64{20, 10})
	for _, r := range []struct{ done, total int64 }{{0, 0}, {3, 0}, {60, 50}, {-1, 50}} {
		if got := p.Observe(30*sec, r.done, r.total); got != p {
			t.Errorf("done %d of %d changed the estimate: %+v", r.done, r.total, got)
		}
	}
	if got := p.observe(30*sec, Counts{}); got != p {
		t.Errorf("null counts changed the estimate: %+v", got)
	}
	var none Progress
	zero := int64(0)
	if got := none.observe(time.Second, Counts{Total: &zero, Passed: &zero}); got.Counting() {
		t.Error("zero counts: counting")
	}
	total, passed, failed := int64(8), int64(2), int64(1)
	if got := none.observe(time.Second, Counts{Total: &total, Passed: &passed, Failed: &failed}); got.last.done != 3 {
		t.Errorf("counts of 2 passed and 1 failed read as %d finished", got.last.done)
	}
}
