// Command gen writes strength's word lists (lists.gz) from trustelem/
// zxcvbn's frequency lists — zxcvbn 4.4.2's data: common passwords,
// English words from Wikipedia and from television and film, names and
// surnames — so that acctl embeds them as compressed text, read on first
// use, instead of linking a package that builds them at every start.
// Run it with go generate in strength/.
package main

import (
	"compress/gzip"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/trustelem/zxcvbn/frequency"
)

func main() {
	f, err := os.Create("lists.gz")
	if err != nil {
		fail(err)
	}
	z, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	names := make([]string, 0, len(frequency.FrequencyLists))
	for name := range frequency.FrequencyLists {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		fmt.Fprintf(z, "#%s\n", name)
		for _, w := range frequency.FrequencyLists[name] {
			if strings.ContainsAny(w, "\n") || strings.HasPrefix(w, "#") {
				fail(fmt.Errorf("%s: %q cannot be a line of lists.gz", name, w))
			}
			fmt.Fprintln(z, w)
		}
	}
	if err := z.Close(); err != nil {
		fail(err)
	}
	if err := f.Close(); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
