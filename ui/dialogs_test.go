package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestWrappedIsAsTallAsItsText: the message dialogs' text box grows with the lines
// the message wraps to, so the buttons never cover it.
func TestWrappedIsAsTallAsItsText(t *testing.T) {
	test.NewTempApp(t)
	for _, text := range []string{
		"已保存。",
		strings.Repeat("打印机「Office_PDF」已停用（卡纸），发送的文件不会打印出来。", 4),
		"第一段。\n第二段。\n" + strings.Repeat("请在系统的打印机设置中恢复（启用）这台打印机。", 3),
	} {
		box := wrapped(text).(*fyne.Container)
		l := box.Objects[0].(*widget.Label)
		l.Resize(fyne.NewSize(dialogTextWidth, l.MinSize().Height))
		need := l.MinSize().Height // wrapped at the dialog's width
		if got := box.MinSize().Height; got < need || got > need*1.6+10 {
			t.Errorf("%q: box %v high, the wrapped text needs %v", text, got, need)
		}
	}
}
