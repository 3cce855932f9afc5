package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backstop/meeting"
)

// precedentLimit is how many earlier decisions the panel shows.
const precedentLimit = 8

// precedentPanel shows, under a case being registered or edited, the decisions
// taken on earlier cases like it (同类事项), newest first. It looks them up again
// when the case's title or category changes: a read of the case index, some
// milliseconds even for 50,000 cases.
type precedentPanel struct {
	u       *UI
	box     *fyne.Container
	canOpen bool   // offer to open an earlier case (not from inside a dialog)
	last    string // the title and category last looked up
}

func newPrecedentPanel(u *UI, canOpen bool) *precedentPanel {
	return &precedentPanel{u: u, box: container.NewVBox(), canOpen: canOpen}
}

func (p *precedentPanel) object() fyne.CanvasObject { return p.box }

// refresh shows the precedents of c, unless its title and category are those shown.
func (p *precedentPanel) refresh(c meeting.Case) {
	key := string(c.Category) + "\n" + c.Title
	if key == p.last {
		return
	}
	p.last = key
	found, err := p.u.store.Precedents(c, precedentLimit)
	p.show(found, err)
}

func (p *precedentPanel) show(found []meeting.Precedent, err error) {
	p.box.RemoveAll()
	if err != nil {
		p.box.Add(widget.NewLabel(meeting.ErrorMessage(err)))
		return
	}
	if len(found) == 0 {
		return
	}
	p.box.Add(widget.NewSeparator())
	p.box.Add(widget.NewLabelWithStyle(lang.L("同类事项：同类别诉求的议定事项，最新在前"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, pr := range found {
		f := pr.Item
		head := widget.NewLabelWithStyle(fmt.Sprintf("%s　%s", f.Number, pr.Case.Title), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		head.Truncation = fyne.TextTruncateEllipsis
		text := widget.NewLabel(f.Text)
		text.Wrapping = fyne.TextWrapWord
		meta := widget.NewLabel(lang.L("{{.Date}}会议 · {{.Lead}}牵头 · {{.Status}}",
			map[string]any{"Date": f.MeetingDate.Chinese(), "Lead": f.Lead, "Status": lang.L(f.Status.Label())}))
		meta.Importance = widget.LowImportance
		body := container.NewVBox(head, text, meta)
		if !p.canOpen {
			p.box.Add(body)
			continue
		}
		id := pr.Case.ID
		open := widget.NewButtonWithIcon(lang.L("查看诉求"), theme.NavigateNextIcon(), func() { p.u.showCase(id) })
		open.Importance = widget.LowImportance
		p.box.Add(container.NewBorder(nil, nil, nil, open, body))
	}
}
