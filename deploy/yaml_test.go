package deploy

import (
	"fmt"
	"strconv"
	"strings"
)

// The root module has no YAML library and does not take one just for a
// test: parseYAML reads the block-style subset the manifests here use —
// documents split by "---", mappings, sequences ("- "), plain and
// double-quoted scalars, and the empty "{}" and "[]" — into
// map[string]any, []any and string. Anything else (tabs, flow style,
// anchors, multi-line strings, a sequence at its parent key's
// indentation) is an error naming the line, so a manifest cannot slip past
// the checks by using syntax this reader does not know.

type yamlLine struct {
	no     int
	indent int
	text   string
}

func parseYAML(src string) ([]any, error) {
	var docs []any
	var cur []yamlLine
	flush := func() error {
		if len(cur) == 0 {
			return nil
		}
		v, next, err := parseBlock(cur, 0, cur[0].indent)
		if err != nil {
			return err
		}
		if next != len(cur) {
			return fmt.Errorf("line %d: unexpected indentation", cur[next].no)
		}
		docs = append(docs, v)
		cur = nil
		return nil
	}
	for i, raw := range strings.Split(src, "\n") {
		if strings.ContainsRune(raw, '\t') {
			return nil, fmt.Errorf("line %d: a tab; YAML indents with spaces", i+1)
		}
		trimmed := strings.TrimSpace(raw)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if trimmed == "---" {
			if err := flush(); err != nil {
				return nil, err
			}
			continue
		}
		if j := strings.Index(trimmed, " #"); j >= 0 && !strings.Contains(trimmed[:j], `"`) {
			trimmed = strings.TrimSpace(trimmed[:j])
		}
		cur = append(cur, yamlLine{no: i + 1, indent: len(raw) - len(strings.TrimLeft(raw, " ")), text: trimmed})
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return docs, nil
}

func isSeqItem(text string) bool { return text == "-" || strings.HasPrefix(text, "- ") }

func parseBlock(lines []yamlLine, i, indent int) (any, int, error) {
	if isSeqItem(lines[i].text) {
		return parseSeq(lines, i, indent)
	}
	return parseMap(lines, i, indent)
}

// splitKey splits "key: value" or "key:"; ok is false for a scalar.
func splitKey(text string) (key, rest string, ok bool) {
	if k, r, found := strings.Cut(text, ": "); found && !strings.ContainsAny(k, `"'{[`) {
		return k, strings.TrimSpace(r), true
	}
	if strings.HasSuffix(text, ":") && !strings.ContainsAny(text, ` "'`) {
		return strings.TrimSuffix(text, ":"), "", true
	}
	return "", "", false
}

func parseMap(lines []yamlLine, i, indent int) (any, int, error) {
	m := map[string]any{}
	for i < len(lines) && lines[i].indent >= indent {
		l := lines[i]
		if l.indent > indent {
			return nil, i, fmt.Errorf("line %d: unexpected indentation", l.no)
		}
		if isSeqItem(l.text) {
			return nil, i, fmt.Errorf("line %d: a sequence item where a key was expected (indent sequences under their key)", l.no)
		}
		key, rest, ok := splitKey(l.text)
		if !ok {
			return nil, i, fmt.Errorf("line %d: %q is not \"key: value\"", l.no, l.text)
		}
		if _, dup := m[key]; dup {
			return nil, i, fmt.Errorf("line %d: key %q twice", l.no, key)
		}
		if rest != "" {
			v, err := scalar(rest, l.no)
			if err != nil {
				return nil, i, err
			}
			m[key] = v
			i++
			continue
		}
		if i+1 < len(lines) && lines[i+1].indent > indent {
			v, next, err := parseBlock(lines, i+1, lines[i+1].indent)
			if err != nil {
				return nil, next, err
			}
			m[key], i = v, next
			continue
		}
		m[key] = nil
		i++
	}
	return m, i, nil
}

func parseSeq(lines []yamlLine, i, indent int) (any, int, error) {
	var s []any
	for i < len(lines) && lines[i].indent == indent && isSeqItem(lines[i].text) {
		l := lines[i]
		item := strings.TrimSpace(strings.TrimPrefix(l.text, "-"))
		switch _, _, isMap := splitKey(item); {
		case item == "":
			if i+1 >= len(lines) || lines[i+1].indent <= indent {
				return nil, i, fmt.Errorf("line %d: empty sequence item", l.no)
			}
			v, next, err := parseBlock(lines, i+1, lines[i+1].indent)
			if err != nil {
				return nil, next, err
			}
			s, i = append(s, v), next
		case isMap: // "- key: value" opens a mapping at the key's column
			inner := append([]yamlLine(nil), lines...)
			inner[i] = yamlLine{no: l.no, indent: indent + 2, text: item}
			v, next, err := parseMap(inner, i, indent+2)
			if err != nil {
				return nil, next, err
			}
			s, i = append(s, v), next
		default:
			v, err := scalar(item, l.no)
			if err != nil {
				return nil, i, err
			}
			s, i = append(s, v), i+1
		}
	}
	if i < len(lines) && lines[i].indent > indent {
		return nil, i, fmt.Errorf("line %d: unexpected indentation", lines[i].no)
	}
	return s, i, nil
}

func scalar(s string, no int) (any, error) {
	switch {
	case s == "{}":
		return map[string]any{}, nil
	case s == "[]":
		return []any{}, nil
	case strings.HasPrefix(s, `"`):
		v, err := strconv.Unquote(s)
		if err != nil {
			return nil, fmt.Errorf("line %d: bad double-quoted string %s", no, s)
		}
		return v, nil
	case strings.ContainsAny(s[:1], "{[&*!|>'%@`"):
		return nil, fmt.Errorf("line %d: %q uses YAML syntax this reader does not know; use block style", no, s)
	}
	return s, nil
}

// at walks a parsed document: string keys into mappings, int indexes into
// sequences. It returns nil when the path does not exist.
func at(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			s, ok := v.([]any)
			if !ok || k >= len(s) {
				return nil
			}
			v = s[k]
		}
	}
	return v
}
