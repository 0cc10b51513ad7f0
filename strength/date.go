package strength

import (
	"regexp"
	"strconv"

	"github.com/trustelem/zxcvbn/match"
	"github.com/trustelem/zxcvbn/scoring"
)

// Years a date may have.
const (
	minDateYear = 1000
	maxDateYear = 2050
)

// dateSplits are, by the length of a run of digits, the places to cut it
// into three numbers ("1391" → 1 3 91, 13 9 1).
var dateSplits = map[int][][2]int{
	4: {{1, 2}, {2, 3}},
	5: {{1, 3}, {2, 3}},
	6: {{1, 2}, {2, 4}, {4, 5}},
	7: {{1, 3}, {2, 3}, {4, 5}, {4, 6}},
	8: {{2, 4}, {4, 6}},
}

var (
	digitsOnly    = regexp.MustCompile(`^\d{4,8}$`)
	separatedDate = regexp.MustCompile(`^(\d{1,4})([\s/\\_.-])(\d{1,2})([\s/\\_.-])(\d{1,4})$`)
)

// date is a day, month and year read from digits.
type date struct{ year, month, day int }

// dateMatches finds dates, with one separator used twice ("13.5.1991") or
// none ("130591"); a date inside a longer date is dropped.
func dateMatches(password string) []*match.Match {
	var out []*match.Match
	for i := 0; i+3 < len(password); i++ {
		for j := i + 3; j <= i+7 && j < len(password); j++ {
			token := password[i : j+1]
			if !digitsOnly.MatchString(token) {
				continue
			}
			if d, ok := bestDate(token); ok {
				out = append(out, dateMatch(i, j, token, "", d))
			}
		}
	}
	for i := 0; i+5 < len(password); i++ {
		for j := i + 5; j <= i+9 && j < len(password); j++ {
			token := password[i : j+1]
			m := separatedDate.FindStringSubmatch(token)
			if m == nil || m[2] != m[4] {
				continue
			}
			if d, ok := readDate(atoi(m[1]), atoi(m[3]), atoi(m[5])); ok {
				out = append(out, dateMatch(i, j, token, m[2], d))
			}
		}
	}
	return outermost(out)
}

func dateMatch(i, j int, token, sep string, d date) *match.Match {
	return &match.Match{Pattern: "date", I: i, J: j, Token: token, Separator: sep, Year: d.year, Month: d.month, Day: d.day}
}

// bestDate reads a run of digits as the date whose year is nearest now,
// over every way of cutting it.
func bestDate(token string) (date, bool) {
	var best date
	found := false
	for _, cut := range dateSplits[len(token)] {
		d, ok := readDate(atoi(token[:cut[0]]), atoi(token[cut[0]:cut[1]]), atoi(token[cut[1]:]))
		if ok && (!found || distance(d.year) < distance(best.year)) {
			best, found = d, true
		}
	}
	return best, found
}

func distance(year int) int {
	if d := year - scoring.ReferenceYear; d > 0 {
		return d
	}
	return scoring.ReferenceYear - year
}

// readDate reads three numbers as a date: the middle one is a day or a
// month; a four-digit year comes first or last, else a two-digit one.
func readDate(a, b, c int) (date, bool) {
	if b > 31 || b <= 0 {
		return date{}, false
	}
	over12, over31, under1 := 0, 0, 0
	for _, n := range []int{a, b, c} {
		if (n > 99 && n < minDateYear) || n > maxDateYear {
			return date{}, false
		}
		if n > 31 {
			over31++
		}
		if n > 12 {
			over12++
		}
		if n <= 0 {
			under1++
		}
	}
	if over31 >= 2 || over12 == 3 || under1 >= 2 {
		return date{}, false
	}
	splits := [][3]int{{c, a, b}, {a, b, c}} // year, then the other two
	for _, s := range splits {
		if s[0] >= minDateYear && s[0] <= maxDateYear {
			d, ok := dayMonth(s[1], s[2])
			d.year = s[0]
			return d, ok
		}
	}
	for _, s := range splits {
		if d, ok := dayMonth(s[1], s[2]); ok {
			d.year = fourDigitYear(s[0])
			return d, true
		}
	}
	return date{}, false
}

// dayMonth reads two numbers as a day and a month, in either order.
func dayMonth(x, y int) (date, bool) {
	switch {
	case x >= 1 && x <= 31 && y >= 1 && y <= 12:
		return date{day: x, month: y}, true
	case y >= 1 && y <= 31 && x >= 1 && x <= 12:
		return date{day: y, month: x}, true
	}
	return date{}, false
}

func fourDigitYear(y int) int {
	switch {
	case y > 99:
		return y
	case y > 50:
		return y + 1900
	}
	return y + 2000
}

// outermost drops the matches that lie inside another one.
func outermost(ms []*match.Match) []*match.Match {
	var out []*match.Match
	for _, m := range ms {
		inside := false
		for _, o := range ms {
			if o != m && o.I <= m.I && o.J >= m.J && (o.I != m.I || o.J != m.J) {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, m)
		}
	}
	return out
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
