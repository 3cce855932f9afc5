package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"backstop/meeting"
)

func TestCaseScreenValidatesInlineAndAutosaves(t *testing.T) {
	h := newHarness(t)
	h.u.tabs.SelectIndex(1)
	s := h.u.cases
	tapButton(t, h.u.tabs, "登记新诉求")
	f := s.form
	h.typeInto(f.name, "建德市恒丰塑料母料有限公司")
	h.typeInto(f.creditCode, "9133010079965505")
	h.drain(600 * 1e6)
	if msg := f.problems["applicant.credit_code"].Text; !strings.Contains(msg, "统一社会信用代码") || !f.problems["applicant.credit_code"].Visible() {
		t.Errorf("credit code message next to the field = %q", msg)
	}
	if f.creditCode.Text != "9133010079965505" {
		t.Errorf("the form lost what was typed: %q", f.creditCode.Text)
	}
	if cs, _ := h.st.Cases(meeting.CaseFilter{}); len(cs) != 0 {
		t.Fatalf("an invalid case was stored: %+v", cs)
	}
	if !strings.Contains(s.state.Text, "尚未保存") {
		t.Errorf("state line = %q", s.state.Text)
	}

	h.typeInto(f.creditCode, "8B")
	f.category.SetSelectedIndex(0)
	f.channel.SetSelectedIndex(2)
	h.typeInto(f.title, "扩建项目用地手续")
	h.typeInto(f.request, "请求协调扩建项目的用地审批。")
	h.autosaved()
	cs, _ := h.st.Cases(meeting.CaseFilter{})
	if len(cs) != 1 || cs[0].Applicant.CreditCode != "91330100799655058B" || cs[0].Channel != meeting.ChannelHotline {
		t.Fatalf("valid case not stored: %+v", cs)
	}

	// Filters.
	s.category.SetSelectedIndex(2)
	if len(s.rows) != 0 {
		t.Errorf("category filter kept %d cases", len(s.rows))
	}
	s.category.SetSelectedIndex(1)
	if len(s.rows) != 1 {
		t.Errorf("category filter found %d cases", len(s.rows))
	}
	s.status.SetSelectedIndex(2)
	if len(s.rows) != 0 {
		t.Errorf("status filter (closed) found %d cases", len(s.rows))
	}
	s.status.SetSelectedIndex(0)
	h.typeInto(s.search, "恒丰")
	if len(s.rows) != 1 {
		t.Errorf("search found %d cases", len(s.rows))
	}

	// Editing an existing case is stored too.
	s.list.Select(0)
	test.Type(s.form.contact, "叶尧平")
	h.autosaved()
	if c, _ := h.st.Case(cs[0].ID); c.Applicant.Contact != "叶尧平" {
		t.Errorf("edit not stored: %+v", c.Applicant)
	}
}
