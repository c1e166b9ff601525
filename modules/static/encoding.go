package static

import (
	"strconv"
	"strings"
)

// Content codings of the precompressed siblings, in order of preference.
const (
	encIdentity = iota
	encBrotli
	encGzip
	numEncodings
)

// encodingSuffix is the sibling file suffix of each coding.
var encodingSuffix = [numEncodings]string{"", ".br", ".gz"}

// encodingName is the Content-Encoding of each coding.
var encodingName = [numEncodings]string{"", "br", "gzip"}

// acceptedEncodings reads Accept-Encoding header values and returns the
// q-value the client gives br and gzip (0 = not acceptable). "*" counts
// for a coding the header does not name; "x-gzip" is gzip. It allocates
// nothing.
func acceptedEncodings(values []string) (br, gzip float64) {
	brSet, gzSet := false, false
	star := -1.0
	for _, v := range values {
		for v != "" {
			var item string
			item, v, _ = strings.Cut(v, ",")
			coding, params, _ := strings.Cut(item, ";")
			coding = strings.TrimSpace(coding)
			q := qValue(params)
			switch {
			case strings.EqualFold(coding, "br"):
				br, brSet = max(br, q), true
			case strings.EqualFold(coding, "gzip"), strings.EqualFold(coding, "x-gzip"):
				gzip, gzSet = max(gzip, q), true
			case coding == "*":
				star = max(star, q)
			}
		}
	}
	if star >= 0 {
		if !brSet {
			br = star
		}
		if !gzSet {
			gzip = star
		}
	}
	return br, gzip
}

// qValue reads "q=0.5" from a coding's parameters; a missing or malformed
// q is 1, as RFC 9110 §12.4.2 says for a missing one.
func qValue(params string) float64 {
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		k, val, ok := strings.Cut(p, "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil || q > 1 {
			return 1
		}
		return max(q, 0)
	}
	return 1
}

// chooseEncoding picks the coding to serve among those available (by
// index): br when the client accepts it at least as much as gzip, else
// gzip when accepted, else the file itself.
func chooseEncoding(values []string, available *[numEncodings]*variant) int {
	if available[encBrotli] == nil && available[encGzip] == nil {
		return encIdentity
	}
	br, gz := acceptedEncodings(values)
	if available[encBrotli] == nil {
		br = 0
	}
	if available[encGzip] == nil {
		gz = 0
	}
	switch {
	case br > 0 && br >= gz:
		return encBrotli
	case gz > 0:
		return encGzip
	}
	return encIdentity
}
