package tui

import (
	"testing"
	"time"
)

// The header's time left: whole hours rounded down, minutes rounded up,
// and never "60m" (R-SES-1).
func TestShortDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Hour: "1h", time.Hour - time.Second: "1h", 59*time.Minute + time.Second: "1h",
		59 * time.Minute: "59m", time.Second: "1m", 20*time.Hour + 59*time.Minute: "20h",
	} {
		if got := shortDuration(d); got != want {
			t.Errorf("shortDuration(%s) = %q, want %q", d, got, want)
		}
	}
}
