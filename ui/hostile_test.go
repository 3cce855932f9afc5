package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"backstop/meeting"
	"backstop/meeting/messagetest"
)

// The hostile characters of app/cli/testdata/hostile, typed into the editor's title
// as a person pasting them would: the field keeps what was typed, the message next
// to it is the domain's exact sentence naming the field and the character, and the
// minutes cannot be finalized with it: a draft is stored as typed (drafts may be
// incomplete), the legal record never carries the character.
func TestHostileTextInTheEditor(t *testing.T) {
	for _, tt := range []struct {
		name, typed, want string
	}{
		{"bidi override", "关于\u202e协调会", "会议名称第 3 个字处含有不允许的文字方向控制字符（U+202E），请删除。"},
		{"noncharacter", "关于\uffff协调会", "会议名称第 3 个字处含有不允许的非字符码位（U+FFFF），请删除。"},
		{"escape", "关于\x1b协调会", "会议名称第 3 个字处含有不允许的控制字符（U+001B），请删除。"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			id, err := seedExample(h.st)
			if err != nil {
				t.Fatal(err)
			}
			h.u.openMeeting(id)
			ed := h.u.editor
			ed.basic.title.SetText("")
			test.Type(ed.basic.title, tt.typed)
			h.drain(600e6)
			got := strings.Join(ed.problems.For("title"), "\n")
			t.Logf("title %q, problems %q, status %q", ed.basic.title.Text, got, ed.status.Text)
			if got != tt.want {
				t.Errorf("message next to 会议名称: %q, want %q", got, tt.want)
			}
			if leak := messagetest.Leak(got); leak != "" {
				t.Errorf("message carries %q", leak)
			}
			if !strings.Contains(textsUnder(ed.steps[stepBasic]), tt.want) {
				t.Errorf("the message is not shown next to the field")
			}
			_, err = h.st.Finalize(id, testNow)
			if meeting.ErrorCode(err) != meeting.CodeInvalid || !strings.Contains(meeting.ErrorMessage(err), "title："+tt.want) {
				t.Errorf("finalizing with the hostile title: %v", err)
			}
		})
	}
}
