package model_test

import (
	"slices"
	"strings"
	"testing"

	"acctl/model"
	"acctl/store/storetest"
)

// R-SET-1: the list is ISO 3166-1 whole: 249 assigned codes, each once, in
// the order of their names.
func TestCountries(t *testing.T) {
	list := model.Countries()
	if len(list) != 249 {
		t.Fatalf("%d countries, want the 249 of ISO 3166-1", len(list))
	}
	seen := map[string]bool{}
	for _, c := range list {
		if len(c.Code) != 2 || len(c.Alpha3) != 3 || c.Name == "" || seen[c.Code] || strings.ToUpper(c.Code) != c.Code {
			t.Errorf("bad or repeated entry %+v", c)
		}
		seen[c.Code] = true
		if got, ok := model.CountryByCode(strings.ToLower(c.Code)); !ok || got != c {
			t.Errorf("CountryByCode(%s) = %+v, %v", c.Code, got, ok)
		}
	}
	if list[0].Code != "AF" || list[1].Code != "AX" || list[len(list)-1].Code != "ZW" {
		t.Errorf("order by name: %s, %s … %s; want Afghanistan, Åland Islands … Zimbabwe", list[0].Name, list[1].Name, list[len(list)-1].Name)
	}
	list[0].Name = "changed"
	if model.Countries()[0].Name == "changed" {
		t.Error("Countries returns the package's own slice")
	}
}

// R-SET-1: the picker's filter finds a country by its code, the start of
// its name, a word of it or another name, without case or accents, best
// first.
func TestFilterCountries(t *testing.T) {
	tests := []struct {
		typed string
		first []string // codes the result starts with, in order
		has   []string // codes it holds somewhere
		not   []string
	}{
		{"gb", []string{"GB"}, nil, nil},
		{"DEU", []string{"DE"}, nil, nil},
		{"united", []string{"AE", "GB", "US", "UM"}, []string{"TZ"}, []string{"DE"}},
		{"uk", []string{"GB"}, nil, nil},
		{"kingdom", []string{"GB"}, nil, []string{"US"}},
		{"cote", []string{"CI"}, nil, nil},
		{"ÅLAND", []string{"AX"}, nil, nil},
		{"korea", []string{"KP", "KR"}, nil, nil},
		{"south korea", []string{"KR"}, nil, nil},
		{"  ger", []string{"DE"}, nil, nil},
		{"zz", nil, nil, []string{"ZA", "ZM"}},
	}
	for _, tt := range tests {
		t.Run(tt.typed, func(t *testing.T) {
			got := model.FilterCountries(tt.typed)
			codes := make([]string, len(got))
			for i, c := range got {
				codes[i] = c.Code
			}
			if len(codes) < len(tt.first) || !slices.Equal(codes[:len(tt.first)], tt.first) {
				t.Errorf("FilterCountries(%q) = %v, want it to start %v", tt.typed, codes, tt.first)
			}
			for _, c := range tt.has {
				if !slices.Contains(codes, c) {
					t.Errorf("FilterCountries(%q) = %v, want %s in it", tt.typed, codes, c)
				}
			}
			for _, c := range tt.not {
				if slices.Contains(codes, c) {
					t.Errorf("FilterCountries(%q) = %v, want no %s", tt.typed, codes, c)
				}
			}
		})
	}
	if n := len(model.FilterCountries("")); n != 249 {
		t.Errorf("an empty filter keeps %d countries", n)
	}
}

func TestValidateCountry(t *testing.T) {
	if c, err := model.ValidateCountry(" de "); err != nil || c != "DE" {
		t.Fatalf("ValidateCountry(de) = %q, %v", c, err)
	}
	for _, bad := range []string{"", "XX", "Germany", "DEU", "\x1b[31m"} {
		_, err := model.ValidateCountry(bad)
		wantCode(t, err, model.EINVALID)
		if strings.Contains(model.ErrorMessage(err), "\x1b") {
			t.Errorf("the message echoes a control: %q", model.ErrorMessage(err))
		}
	}
	if model.CountryName("GB") != "United Kingdom" || model.CountryName("United Kingdom") != "United Kingdom" {
		t.Error("CountryName")
	}
}

// R-SET-1: the filter runs on every key press: it must stay far below a
// frame.
func BenchmarkFilterCountries(b *testing.B) {
	typed := []string{"u", "un", "uni", "unit", "united", "s", "sa", "sai", "saint "}
	b.ReportAllocs()
	done := storetest.CPU(b)
	for i := 0; b.Loop(); i++ {
		model.FilterCountries(typed[i%len(typed)])
	}
	done()
}
