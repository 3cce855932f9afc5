package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"backstop/meeting"
)

// Database is how the app reaches the shared database setting: package app wires it
// to the data folder's database.json and to a real connection. nil (tests of other
// screens, builds without it) leaves the 设置 menu without the item.
type Database struct {
	// InUse names the store this window works on, for the dialog's first line:
	// "" for the data folder's own file, else the server and database.
	InUse string
	// Saved returns the URL kept in the data folder's setting ("" for none).
	Saved func() string
	// Save keeps url in the data folder's setting ("" removes it); it refuses a URL
	// with a password, since passwords belong in the pgpass file.
	Save func(url string) error
	// Test connects to url and reports what is wrong, in Chinese; it runs off the UI
	// goroutine.
	Test func(url string) error
}

// databaseSettings is the 设置 › 共享数据库 dialog: where this PC keeps its data, the
// data folder's own file or a PostgreSQL database the office shares, used from the
// next start.
type databaseSettings struct {
	u      *UI
	choice *widget.RadioGroup
	url    *entry
	result *widget.Label
	test   *widget.Button
	dlg    dialog.Dialog
}

func localChoice() string  { return lang.L("本机数据文件（无需服务器）") }
func sharedChoice() string { return lang.L("共享的 PostgreSQL 数据库（多台电脑同用）") }

// showDatabaseSettings opens the dialog and returns it, for tests.
func (u *UI) showDatabaseSettings() *databaseSettings {
	s := &databaseSettings{u: u}
	s.dlg = dialog.NewCustomConfirm(lang.L("共享数据库"), lang.L("保存"), lang.L("取消"), s.build(), func(ok bool) {
		if ok {
			s.onSave()
		}
	}, u.win)
	s.dlg.Resize(fyne.NewSize(760, 0))
	u.show(s.dlg, s.onSave)
	return s
}

func (s *databaseSettings) build() fyne.CanvasObject {
	db := s.u.opts.Database
	now := lang.L("现在使用：本机数据文件。")
	if db.InUse != "" {
		now = lang.L("现在使用：共享数据库 {{.Where}}。", map[string]string{"Where": db.InUse})
	}
	intro := widget.NewLabel(now + lang.L("两个受理窗口、会议室和各镇街中心要看到同一批诉求和会议时，可改用单位的 PostgreSQL 数据库服务器（设置方法见 docs/postgres.md）。地址中不写密码：密码放在本机的 pgpass 文件中。更改在重新打开程序后生效；原来的数据不会删除，可用 backstop migrate 迁移到数据库。"))
	intro.Wrapping = fyne.TextWrapWord
	s.url = newEntry()
	s.url.SetPlaceHolder("postgres://用户名@服务器/backstop?sslmode=verify-full")
	s.url.SetText(db.Saved())
	s.choice = widget.NewRadioGroup([]string{localChoice(), sharedChoice()}, s.onChoice)
	s.choice.Required = true
	s.result = widget.NewLabel("")
	s.result.Wrapping = fyne.TextWrapWord
	s.test = widget.NewButton(lang.L("测试连接"), s.onTest)
	if s.url.Text != "" {
		s.choice.SetSelected(sharedChoice())
	} else {
		s.choice.SetSelected(localChoice())
	}
	return container.NewVBox(intro, s.choice, container.NewBorder(nil, nil, widget.NewLabel(lang.L("数据库地址")), s.test, s.url), s.result)
}

func (s *databaseSettings) onChoice(choice string) {
	if choice == sharedChoice() {
		s.url.Enable()
		s.test.Enable()
		s.u.focus(s.url)
		return
	}
	s.url.Disable()
	s.test.Disable()
}

// chosen is the URL to keep: "" for the data folder's own file.
func (s *databaseSettings) chosen() string {
	if s.choice.Selected == sharedChoice() {
		return s.url.Text
	}
	return ""
}

// onTest connects in the background and says whether it worked.
func (s *databaseSettings) onTest() {
	url := s.url.Text
	s.result.Importance = widget.MediumImportance
	s.result.SetText(lang.L("正在连接……"))
	go func() {
		err := s.u.opts.Database.Test(url)
		s.u.do(func() {
			// The dialog grows to the message's lines.
			defer s.dlg.Resize(fyne.NewSize(760, 0))
			if err != nil {
				s.result.Importance = widget.DangerImportance
				s.result.SetText(meeting.ErrorMessage(err))
				return
			}
			s.result.Importance = widget.SuccessImportance
			s.result.SetText(lang.L("连接成功。保存后重新打开程序即使用该数据库。"))
		})
	}()
}

// onSave keeps the choice; a refused URL keeps the dialog's content and says why.
func (s *databaseSettings) onSave() {
	url := s.chosen()
	if s.choice.Selected == sharedChoice() && url == "" {
		s.u.showError(meeting.Errorf(meeting.CodeInvalid, "请填写数据库地址，或选择本机数据文件。", nil))
		return
	}
	if err := s.u.opts.Database.Save(url); err != nil {
		s.u.showError(err)
		return
	}
	s.dlg.Hide()
	s.u.showInfo(lang.L("共享数据库"), lang.L("已保存。重新打开程序后生效。"))
}
