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
	// A case every 2s, at 1s, 3s, …: 100 cases, the last at 199s. Readings every 10s see 5
	// more each, the latest a second before the reading, and the next one half done: the
	// latest reading plus the cases left, the running one half done, is the end exactly
	// (timing the latest case 5/6 of the way through the gap alone says 2/3s early).
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
		if want := 199 * sec; !ok || !strong || (end-want).Abs() > time.Millisecond {
			t.Fatalf("at %ds: end %v (strong %v, ok %v), want %v", at, end, strong, ok, want)
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
	// The 5 finished within (10s, 20s]: the latest is timed 5/6 of the way.
	if want := 10*sec + 10*sec*5/6 + 95*2*sec; !ok || strong || end != want {
		t.Errorf("end %v (strong %v, ok %v), want a weak %v", end, strong, ok, want)
	}
	if got := p.weakSpan(strong); got != 10*sec {
		t.Errorf("weak span %v, want the 10s the reading counted over", got)
	}
	// Without a reading of none, from the trigger.
	p = feed(100, [2]int64{20, 10})
	if end, _, _, _ := p.estimate(); end != 20*sec*10/11+90*2*sec {
		t.Errorf("from the trigger: end %v, want %v", end, 20*sec*10/11+90*2*sec)
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
	// All reported, the run not yet marked complete: the end is past, within the last gap
	// (the latest of 30 cases is timed 30/31 of the way through it).
	p = p.Observe(120*sec, 120, 120)
	if end, spread, _, _ := p.estimate(); end != 110*sec+10*sec*30/31 || spread != 0 {
		t.Errorf("all cases done: end %v, spread %v; want within the last gap, exactly", end, spread)
	}
}

func TestProgressStallMovesTheEndLater(t *testing.T) {
	// 2s a case, then a case that takes 3 minutes.
	p := feed(50, [2]int64{10, 5}, [2]int64{20, 10}, [2]int64{30, 15})
	end, spread, _, _ := p.estimate()
	// The latest reading plus the 35 cases left at 2s, the running one half done.
	if want := 30*sec + 69*sec; end != want {
		t.Fatalf("end %v, want %v", end, want)
	}
	// Each reading that sees no movement says those cases had not finished by then.
	for at := int64(40); at <= 200; at += 20 {
		p = p.Observe(time.Duration(at)*sec, 15, 50)
		want := time.Duration(at)*sec + 69*sec
		if e, s, strong, ok := p.estimate(); !ok || !strong || e != want || s != spread {
			t.Fatalf("stalled at %ds: end %v, spread %v; want %v (the reading plus the cases left), %v", at, e, s, want, spread)
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

func TestCompletedAtIsBetweenTheReadings(t *testing.T) {
	for _, c := range []struct {
		from, at time.Duration
		k        int64
		want     time.Duration
	}{
		{10 * sec, 20 * sec, 1, 15 * sec}, // one case: the midpoint
		{10 * sec, 20 * sec, 4, 18 * sec}, // the latest of four: 4/5 of the way
		{0, 30 * sec, 2, 20 * sec},
		{20 * sec, 20 * sec, 3, 20 * sec}, // no gap: the reading itself
		{10 * sec, 20 * sec, 0, 20 * sec}, // nothing moved
	} {
		if got := completedAt(c.from, c.at, c.k); got != c.want {
			t.Errorf("completedAt(%v, %v, %d) = %v, want %v", c.from, c.at, c.k, got, c.want)
		}
	}
}

func TestProgressHasNoOnePollBias(t *testing.T) {
	// One case every 30s, at 15s, 45s, 75s, 105s; readings every 30s each see one more.
	// Timing each movement at the reading that saw it would put the end at 120s, 15s late;
	// between the readings, it is 105s exactly.
	p := feed(4, [2]int64{0, 0}, [2]int64{30, 1}, [2]int64{60, 2})
	end, _, strong, ok := p.estimate()
	if !ok || !strong || end != 105*sec {
		t.Errorf("end %v (strong %v, ok %v), want 105s", end, strong, ok)
	}
	// A reading that saw no change says the two cases left had not finished by 90s: the
	// end moves to that reading plus them, the running one half done.
	if e, _, _, _ := p.Observe(90*sec, 2, 4).estimate(); e != 135*sec {
		t.Errorf("after a reading with no change: end %v, want 2m15s", e)
	}
	// Rare readings: two cases within one 60s gap. The latest timed 2/3 of the way says
	// 100s + 6×30s; the reading at 120s, with the seventh case running, says 5.5 cases
	// from then, a little later, and the later of the two counts. Timing the movement at
	// the reading that saw it would say 120s + 6×30s.
	p = feed(10, [2]int64{0, 0}, [2]int64{60, 2}, [2]int64{120, 4})
	if e, _, _, _ := p.estimate(); e != 120*sec+165*sec {
		t.Errorf("rare readings: end %v, want %v", e, 120*sec+165*sec)
	}
}
