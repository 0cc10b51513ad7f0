package storetest

import (
	"testing"
	"time"
)

// CPU measures the CPU time a benchmark's loop uses, which a loaded machine
// (other processes on the same cores) inflates far less than the wall
// time of ns/op: call it just before the loop, and call what it returns
// just after, which reports "cpu-ns/op".
func CPU(b *testing.B) (done func()) {
	start := cpuTime()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64((cpuTime()-start)/time.Nanosecond)/float64(b.N), "cpu-ns/op")
		}
	}
}
