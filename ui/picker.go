package ui

import (
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// maxSuggestions is how many matches a picker offers at once.
const maxSuggestions = 6

// candidate is one thing a picker can choose: its name and other words it is found by
// (a department's short name, an applicant).
type candidate struct {
	Name  string
	Label string // shown on the button; Name when empty
	Also  string
}

// picker is a type-to-pick field: typing part of a name offers the matching candidates
// as buttons below the entry; Enter takes the first, a click takes any. When nothing
// matches, Enter hands the typed text to onUnknown (to add a department on the spot,
// or to be refused with the domain's message).
type picker struct {
	entry          *entry
	suggestions    *fyne.Container
	candidates     func() []candidate
	onPick         func(name string)
	onUnknown      func(text string)
	onUnknownEnter func(text string) // Enter on unmatched text; onUnknown when nil
	keep           bool              // show the picked name in the entry instead of clearing it
	unknownText    string            // button caption offered for unmatched text, e.g. "新增单位「{{.Name}}」"
	matches        []candidate
}

func newPicker(placeholder string, candidates func() []candidate, onPick func(string)) *picker {
	p := &picker{entry: newEntry(), suggestions: container.New(fitRowLayout{gap: theme.Padding()}), candidates: candidates, onPick: onPick}
	p.entry.SetPlaceHolder(placeholder)
	p.entry.OnChanged = p.onTyped
	p.entry.OnSubmitted = p.onSubmitted
	return p
}

func (p *picker) object() fyne.CanvasObject {
	return container.NewVBox(p.entry, p.suggestions)
}

// match returns the candidates whose name or other words contain every word typed;
// names starting with the text come first.
func match(all []candidate, text string) []candidate {
	words := strings.Fields(text)
	if len(words) == 0 {
		return nil
	}
	var out []candidate
	for _, c := range all {
		hay := c.Name + " " + c.Label + " " + c.Also
		ok := true
		for _, w := range words {
			if !strings.Contains(hay, w) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		pi, pj := strings.HasPrefix(out[i].Name, words[0]), strings.HasPrefix(out[j].Name, words[0])
		return pi && !pj
	})
	return out
}

func (p *picker) onTyped(text string) {
	p.matches = match(p.candidates(), strings.TrimSpace(text))
	var buttons []fyne.CanvasObject
	for i, c := range p.matches {
		if i == maxSuggestions {
			break
		}
		name := c.Name
		label := c.Label
		if label == "" {
			label = name
		}
		b := widget.NewButton(label, func() { p.pick(name) })
		if i == 0 {
			b.Importance = widget.HighImportance
		}
		buttons = append(buttons, b)
	}
	if t := strings.TrimSpace(text); t != "" && p.onUnknown != nil && p.unknownText != "" && !p.hasExact(t) {
		b := widget.NewButton(lang.L(p.unknownText, map[string]string{"Name": t}), func() { p.unknown(t) })
		b.Importance = widget.LowImportance
		buttons = append(buttons, b)
	}
	p.suggestions.Objects = buttons
	p.suggestions.Refresh()
}

func (p *picker) hasExact(text string) bool {
	for _, c := range p.matches {
		if c.Name == text {
			return true
		}
	}
	return false
}

func (p *picker) onSubmitted(text string) {
	text = strings.TrimSpace(text)
	if text == "" {
		return
	}
	p.onTyped(text)
	switch {
	case p.hasExact(text):
		p.pick(text)
	case len(p.matches) > 0:
		p.pick(p.matches[0].Name)
	case p.onUnknownEnter != nil:
		p.onUnknownEnter(text)
	case p.onUnknown != nil:
		p.unknown(text)
	}
}

func (p *picker) pick(name string) {
	if p.keep {
		p.setText(name)
		p.matches = nil
		p.suggestions.Objects = nil
		p.suggestions.Refresh()
	} else {
		p.clear()
	}
	p.onPick(name)
}

// setText shows text without offering suggestions for it.
func (p *picker) setText(text string) {
	p.entry.OnChanged = nil
	p.entry.SetText(text)
	p.entry.OnChanged = p.onTyped
}

func (p *picker) unknown(text string) {
	p.onUnknown(text)
}

// clear empties the entry and the suggestions.
func (p *picker) clear() {
	p.setText("")
	p.matches = nil
	p.suggestions.Objects = nil
	p.suggestions.Refresh()
}
