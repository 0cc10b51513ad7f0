//go:build !unix

package storetest

import "time"

// cpuTime is not measured where getrusage is missing: CPU reports 0.
func cpuTime() time.Duration { return 0 }
