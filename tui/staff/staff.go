// Package staff holds the screens of the provider's support staff (SPEC
// §10): the requests queue (R-STF-1), the verification queue (R-STF-2),
// deactivation reviews (R-STF-3), customer accounts opened under a support
// grant (R-STF-4) and the caller check (R-STF-5).
package staff
