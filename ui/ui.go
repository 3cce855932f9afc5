package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"backstop/assets"
	"backstop/meeting"
)

// Options configures the interface.
type Options struct {
	// DataDir is where the minutes PDFs written for viewing and printing go (a "pdf"
	// folder inside it).
	DataDir string
	// Version is shown in the window's top bar.
	Version string
	// ReadOnly says the data folder cannot be written (the store was opened read-only):
	// a banner says so, editing is switched off, and the PDFs and exports written for
	// viewing go to a folder under the system's temporary folder instead.
	ReadOnly bool
	// Screen reports the work area of the screen the window is on, in the window's
	// units, given the canvas scale; nil (tests, builds without one) keeps the
	// remembered size. It is called on the main thread.
	Screen func(scale float32) (Screen, bool)
	// Caret, when set, is told where the focused field's text cursor is, so that the
	// input method's candidates appear beside it; it is called on the main thread.
	Caret func(Caret)
	// Live, for a store shared with other PCs, follows their changes and takes the
	// edit lease of the open draft; nil for the data folder's own file.
	Live *Live
	// Database reaches the shared database setting (设置 › 共享数据库); nil leaves it
	// out.
	Database *Database
}

// Screen is the work area of a monitor: the window opens no larger than Size, and
// its size is remembered per screen (by name and pixels).
type Screen struct {
	Name   string
	Pixels [2]int
	Size   fyne.Size
}

// key names the screen in the preferences.
func (s Screen) key() string { return fmt.Sprintf("%s@%dx%d", s.Name, s.Pixels[0], s.Pixels[1]) }

// UI is the main window of Backstop with its screens. Create it with New, then call
// ShowAndRun from the main goroutine.
type UI struct {
	app   fyne.App
	store meeting.Store
	opts  Options
	win   fyne.Window
	theme *backstopTheme
	// screen names the screen the window opened on (see Screen), "" when unknown.
	screen string
	// dialogs are the open dialogs Enter and Escape answer, the top one last.
	dialogs []*keyedDialog
	// scrolls are the scroll containers that follow the keyboard focus.
	scrolls []focusScroll

	// do runs f on the UI goroutine; it is fyne.Do, and tests replace it with a queue
	// they drain on their own goroutine.
	do func(f func())
	// now is the clock, fixed in tests.
	now func() time.Time
	// printers runs the print commands; tests replace it.
	printers printerSystem

	tabs         *container.AppTabs
	meetingsTab  *container.TabItem
	meetingsBody *fyne.Container
	meetings     *meetingsScreen
	cases        *casesScreen
	directory    *directoryScreen
	board        *boardScreen
	stats        *statsScreen
	boardTab     *container.TabItem
	casesTab     *container.TabItem
	top          *fyne.Container   // the top bar and the banners under it
	damage       fyne.CanvasObject // the damaged records found at start, or nil
	banner       *fyne.Container   // the start-up sentence on overdue and due-soon items
	bannerClosed bool
	calendar     *meeting.Calendar
	live         liveState      // the change feed of a shared store (Options.Live)
	editor       *meetingEditor // the open meeting, or nil
	projector    *widget.Check
}

// Preference keys.
const (
	prefProjector    = "projector"
	prefWindowWidth  = "window.width"
	prefWindowHeight = "window.height"
)

// New builds the main window over the store. It sets the app's theme and language;
// nothing is shown until ShowAndRun.
func New(a fyne.App, st meeting.Store, opts Options) *UI {
	setupLanguage(resolveLanguage(a.Preferences().String(prefLanguage), systemLocale()))
	u := &UI{
		app: a, store: st, opts: opts,
		theme:    &backstopTheme{projector: a.Preferences().Bool(prefProjector)},
		do:       fyne.Do,
		now:      time.Now,
		printers: systemPrinters(),
	}
	cal, err := st.Calendar()
	u.calendar = cal
	a.Settings().SetTheme(u.theme)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	u.win = a.NewWindow(lang.L("兜底协调会"))
	u.win.SetContent(u.build())
	u.initFonts()
	u.restoreWindowSize()
	u.addShortcuts()
	u.win.SetCloseIntercept(u.onClose)
	u.win.SetOnDropped(u.verifyDropped)
	// Keys nothing focused takes: Enter and Escape answer an open dialog.
	u.win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) { u.dialogKey(ev) })
	escapeKey = u.dialogKey
	// Quitting from the menu does not pass the close intercept.
	a.Lifecycle().SetOnStopped(u.flushAll)
	if err != nil {
		u.showError(err) // the shipped calendar is used meanwhile
	}
	u.showDamage()
	return u
}

// ShowAndRun shows the window and runs the application until it is closed.
func (u *UI) ShowAndRun() {
	u.followDays()
	if u.opts.Screen != nil {
		fyne.Do(u.fitScreen)
	}
	u.followCaret()
	u.startLive()
	u.win.ShowAndRun()
}

// Window returns the main window.
func (u *UI) Window() fyne.Window { return u.win }

func (u *UI) build() fyne.CanvasObject {
	u.meetings = newMeetingsScreen(u)
	u.cases = newCasesScreen(u)
	u.directory = newDirectoryScreen(u)
	u.board = newBoardScreen(u)
	u.stats = newStatsScreen(u)
	u.meetingsBody = container.NewStack(u.meetings.build())
	u.meetingsTab = container.NewTabItem(lang.L("会议"), u.meetingsBody)
	u.casesTab = container.NewTabItem(lang.L("诉求"), u.cases.build())
	u.boardTab = container.NewTabItem(lang.L("督办"), u.board.build())
	u.tabs = container.NewAppTabs(
		u.meetingsTab,
		u.casesTab,
		u.boardTab,
		container.NewTabItem(lang.L("部门"), u.directory.build()),
		container.NewTabItem(lang.L("统计"), u.stats.build()),
	)
	u.tabs.OnSelected = u.onTabSelected
	u.banner = container.NewVBox()
	u.refreshBanner()
	u.top = container.NewVBox()
	if u.opts.ReadOnly {
		u.top.Add(u.readOnlyBanner())
	}
	u.top.Add(u.banner)
	// The window's own controls sit at the end of the tab row rather than on a row of
	// their own: the meeting gets that height (a 1024×768 projector has little).
	return container.NewBorder(u.top, nil, nil, nil, container.New(&tabRowLayout{tabs: u.tabs}, u.tabs, u.buildWindowControls()))
}

// buildWindowControls makes 投屏模式, the interface language and the version.
func (u *UI) buildWindowControls() fyne.CanvasObject {
	u.projector = widget.NewCheck(lang.L("投屏模式"), u.onProjectorToggled)
	u.projector.Checked = u.theme.projector
	language := widget.NewSelect([]string{lang.L("中文"), "English"}, nil)
	if resolveLanguage(u.app.Preferences().String(prefLanguage), systemLocale()) == languageEnglish {
		language.SetSelectedIndex(1)
	} else {
		language.SetSelectedIndex(0)
	}
	language.PlaceHolder = lang.L("界面语言")
	language.OnChanged = u.onLanguageChanged
	right := []fyne.CanvasObject{u.projector, language}
	if u.opts.Version != "" {
		v := widget.NewLabel(u.opts.Version)
		v.Importance = widget.LowImportance
		right = append(right, v)
	}
	return container.NewHBox(right...)
}

// tabRowLayout lays out the main tabs over the whole area and the window controls at
// the right end of their tab row. Where the row has no room for both (English in
// 投屏模式 at 1024×768), the controls take a row above the tabs instead of covering
// a tab or widening the window; the width of the last layout decides.
type tabRowLayout struct {
	tabs  *container.AppTabs
	width float32 // the width of the last layout
}

func (l *tabRowLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	c := objects[1].MinSize()
	objects[1].Resize(c)
	objects[1].Move(fyne.NewPos(size.Width-c.Width, 0))
	top := float32(0)
	if !l.sideBySide(c) {
		top = c.Height
	}
	objects[0].Move(fyne.NewPos(0, top))
	objects[0].Resize(fyne.NewSize(size.Width, size.Height-top))
}

func (l *tabRowLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	t, c := objects[0].MinSize(), objects[1].MinSize()
	if l.sideBySide(c) {
		return fyne.NewSize(t.Width, max(t.Height, c.Height))
	}
	return fyne.NewSize(max(t.Width, c.Width), t.Height+c.Height)
}

// sideBySide reports whether the tab buttons and controls c fit one row of the last
// layout's width.
func (l *tabRowLayout) sideBySide(c fyne.Size) bool {
	bar := theme.Padding()
	for _, it := range l.tabs.Items {
		bar += buttonTextWidth(it.Text) + theme.Padding()
	}
	return bar+c.Width <= l.width
}

func (u *UI) onProjectorToggled(on bool) {
	u.app.Preferences().SetBool(prefProjector, on)
	u.theme = &backstopTheme{projector: on}
	u.app.Settings().SetTheme(u.theme)
}

func (u *UI) onLanguageChanged(choice string) {
	pref := languageChinese
	if choice == "English" {
		pref = languageEnglish
	}
	if pref == resolveLanguage(u.app.Preferences().String(prefLanguage), systemLocale()) {
		return
	}
	u.app.Preferences().SetString(prefLanguage, pref)
	u.showInfo(lang.L("界面语言"), lang.L("界面语言将在重新打开程序后切换。"))
}

func (u *UI) onTabSelected(t *container.TabItem) {
	switch t.Text {
	case lang.L("诉求"):
		u.cases.reload()
	case lang.L("部门"):
		u.directory.reload()
	case lang.L("督办"):
		u.board.reload()
	case lang.L("统计"):
		u.stats.reload()
	case lang.L("会议"):
		if u.editor == nil {
			u.meetings.reload()
		}
	}
}

// recordChecker is the store's check of every record (store.Store has it).
type recordChecker interface{ CheckRecords() error }

// showDamage runs the store's record check once at start and, when records are
// damaged, names them above every screen: the rest of the data stays usable, and the
// person learns which meeting is affected and how to restore it.
func (u *UI) showDamage() {
	c, ok := u.store.(recordChecker)
	if !ok {
		return
	}
	err := c.CheckRecords()
	if err == nil {
		return
	}
	msg := widget.NewLabel(lang.L("数据文件中有损坏的记录；其余内容可以照常查看和修改。") + "\n" + meeting.ErrorMessage(err))
	msg.Wrapping = fyne.TextWrapBreak
	msg.Importance = widget.DangerImportance
	u.damage = container.NewBorder(nil, nil, widget.NewIcon(theme.ErrorIcon()), nil, msg)
	u.top.Add(u.damage)
}

// writing disables, when the data folder is read-only, the widgets that would write
// to it: the banner above says why.
func (u *UI) writing(ws ...fyne.Disableable) {
	if u.opts.ReadOnly {
		for _, w := range ws {
			w.Disable()
		}
	}
}

// readOnlyBanner says, above every screen, that the data folder cannot be written.
func (u *UI) readOnlyBanner() fyne.CanvasObject {
	msg := widget.NewLabel(lang.L("数据文件夹只读，只能查看") + "（" + u.opts.DataDir + "）")
	if db := u.opts.Database; db != nil && db.InUse != "" {
		msg.SetText(lang.L("共享数据库的此账户只能查看（{{.Where}}）：可查看、打印、导出和核验，不能修改。", map[string]string{"Where": db.InUse}))
	}
	msg.Wrapping = fyne.TextWrapBreak
	msg.Importance = widget.DangerImportance
	msg.TextStyle.Bold = true
	return container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, msg)
}

// openMeeting replaces the meeting list with the editor of meeting id.
func (u *UI) openMeeting(id meeting.ID) {
	if u.editor != nil && !u.editor.close() {
		u.confirmDiscard(func() { u.editor.saver.discard(); u.openMeeting(id) })
		return
	}
	ed, err := openMeetingEditor(u, id)
	if err != nil {
		u.showError(err)
		return
	}
	u.closeEditor()
	u.editor = ed
	u.meetingsBody.Objects = []fyne.CanvasObject{ed.build()}
	u.meetingsBody.Refresh()
	u.tabs.Select(u.meetingsTab)
	ed.focusFirst()
}

// closeEditor saves what is pending and returns to the meeting list. When the store
// refuses what is pending, it asks before dropping it.
func (u *UI) closeEditor() {
	if u.editor == nil {
		return
	}
	if !u.editor.close() {
		u.confirmDiscard(func() { u.editor.saver.discard(); u.closeEditor() })
		return
	}
	u.editor.releaseLease()
	u.editor = nil
	u.meetingsBody.Objects = []fyne.CanvasObject{u.meetings.content}
	u.meetingsBody.Refresh()
	u.meetings.reload()
}

// newMeeting creates a draft for today and opens it (Ctrl+N).
func (u *UI) newMeeting() {
	if u.opts.ReadOnly {
		return
	}
	m := u.newMeetingDraft()
	if err := u.store.SaveMeeting(&m); err != nil {
		u.showError(err)
		return
	}
	u.openMeeting(m.ID)
}

// newMeetingDraft is a new meeting for today. The office, its room and its people
// change rarely: venue, host, organizing unit, recorder, copy-to line and times come
// from the latest meeting, so that the convener types only what is new; the first
// meeting of a data folder has the directory's first department (the office itself)
// as organizer.
func (u *UI) newMeetingDraft() meeting.Meeting {
	m := meeting.Meeting{Date: meeting.DateOf(u.now()), Start: 9 * 60, End: 11 * 60, State: meeting.StateDraft}
	if ms, _, err := u.store.MeetingsReadable(meeting.MeetingFilter{Limit: 1}); err == nil && len(ms) > 0 {
		last := ms[0]
		m.Venue, m.Host, m.Organizer, m.Recorder, m.CopyTo = last.Venue, last.Host, last.Organizer, last.Recorder, last.CopyTo
		if last.Start != 0 || last.End != 0 {
			m.Start, m.End = last.Start, last.End
		}
		return m
	}
	if dir, err := u.store.Departments(); err == nil {
		for _, d := range dir {
			if d.Active {
				m.Organizer = d.Name
				break
			}
		}
	}
	return m
}

// addShortcuts puts the commands in the main menu with their shortcuts: a focused
// entry takes the keys before the canvas does, but the main menu sees them first.
func (u *UI) addShortcuts() {
	shortcut := func(k fyne.KeyName) fyne.Shortcut {
		return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
	}
	newItem := fyne.NewMenuItem(lang.L("新建会议"), u.newMeeting)
	newItem.Shortcut = shortcut(fyne.KeyN)
	newItem.Disabled = u.opts.ReadOnly
	search := fyne.NewMenuItem(lang.L("搜索"), u.focusSearch)
	search.Shortcut = shortcut(fyne.KeyF)
	preview := fyne.NewMenuItem(lang.L("预览与打印"), u.previewOrPrint)
	preview.Shortcut = shortcut(fyne.KeyP)
	exportArchive := fyne.NewMenuItem(lang.L("导出归档包…"), u.onArchiveExport)
	verifyAll := fyne.NewMenuItem(lang.L("核验全部存档"), u.onVerifyAll)
	board := fyne.NewMenuItem(lang.L("督办看板"), func() { u.tabs.Select(u.boardTab) })
	board.Shortcut = shortcut(fyne.KeyD)
	ledgerItem := fyne.NewMenuItem(lang.L("导出台账…"), u.onLedgerExport)
	calendar := fyne.NewMenuItem(lang.L("节假日安排…"), u.showCalendarDialog)
	meetingMenu := []*fyne.MenuItem{newItem, search, preview, fyne.NewMenuItemSeparator()}
	for i, t := range stepTitles {
		item := fyne.NewMenuItem(lang.L("第{{.N}}步 · {{.Title}}", map[string]any{"N": i + 1, "Title": lang.L(t)}), func() { u.showStep(i) })
		item.Shortcut = shortcut(fyne.KeyName(fmt.Sprint(i + 1)))
		meetingMenu = append(meetingMenu, item)
	}
	meetingMenu = append(meetingMenu, fyne.NewMenuItemSeparator())
	for i, tab := range u.tabs.Items {
		item := fyne.NewMenuItem(lang.L("转到「{{.Tab}}」", map[string]any{"Tab": tab.Text}), func() { u.tabs.SelectIndex(i) })
		item.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyName(fmt.Sprint(i + 1)), Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
		meetingMenu = append(meetingMenu, item)
	}
	u.win.SetMainMenu(fyne.NewMainMenu(
		fyne.NewMenu(lang.L("会议"), meetingMenu...),
		fyne.NewMenu(lang.L("督办"), board, ledgerItem, calendar),
		fyne.NewMenu(lang.L("存档"), exportArchive, verifyAll),
		u.transferMenu(),
		fyne.NewMenu(lang.L("设置"), u.settingsMenuItems()...),
		fyne.NewMenu(lang.L("帮助"), fyne.NewMenuItem(lang.L("键盘操作"), u.showKeys), u.aboutMenuItem()),
	))
}

// showStep shows step i of the open meeting (Ctrl+1 … Ctrl+4).
func (u *UI) showStep(i int) {
	if u.editor == nil {
		return
	}
	u.tabs.Select(u.meetingsTab)
	u.editor.showStep(i)
}

// keyHelp lists the keyboard commands, as 帮助 › 键盘操作 shows them.
var keyHelp = [][2]string{
	{"Ctrl+N", "新建会议"},
	{"Ctrl+F", "搜索（会议、诉求或部门）"},
	{"Ctrl+P", "预览与打印；在预览中再按一次即打印"},
	{"Ctrl+1 … Ctrl+4", "会议的第1步至第4步"},
	{"Ctrl+Shift+1 … Ctrl+Shift+5", "会议、诉求、督办、部门、统计"},
	{"Ctrl+D", "督办看板"},
	{"Tab / Shift+Tab", "下一个、上一个输入框；进入已填的输入框时全选，直接输入即替换"},
	{"回车", "登记单位、选中第一个候选、添加下一条议定事项（Shift+回车换行）；对话框中为「确定」"},
	{"Esc", "关闭对话框（不保存其中的修改）"},
	{"1 2 3 4 / 0", "部门意见：同意、原则同意、保留意见、不同意 / 清除"},
	{"← →", "部门意见：改为前一个、后一个"},
}

// showKeys shows the keyboard commands.
func (u *UI) showKeys() {
	grid := container.New(layout.NewFormLayout())
	for _, k := range keyHelp {
		grid.Add(widget.NewLabelWithStyle(k[0], fyne.TextAlignTrailing, fyne.TextStyle{Bold: true, Monospace: true}))
		l := widget.NewLabel(lang.L(k[1]))
		l.Wrapping = fyne.TextWrapWord
		grid.Add(l)
	}
	d := dialog.NewCustom(lang.L("键盘操作"), lang.L("关闭"), container.NewGridWrap(fyne.NewSize(640, grid.MinSize().Height+40), grid), u.win)
	u.show(d, nil)
}

// focusSearch puts the cursor in the search box of the screen shown (Ctrl+F).
func (u *UI) focusSearch() {
	switch u.tabs.Selected().Text {
	case lang.L("诉求"):
		u.focusSelecting(u.cases.search)
	case lang.L("部门"):
		u.focusSelecting(u.directory.search)
	default:
		if u.editor != nil {
			u.closeEditor()
		}
		u.focusSelecting(u.meetings.search)
	}
}

// previewOrPrint shows the preview of the open meeting, or prints from it when it is
// already shown (Ctrl+P).
func (u *UI) previewOrPrint() {
	if u.editor == nil {
		return
	}
	u.tabs.Select(u.meetingsTab)
	if u.editor.current == stepPreview {
		u.editor.preview.onPrint()
		return
	}
	u.editor.showStep(stepPreview)
}

func (u *UI) restoreWindowSize() {
	p := u.app.Preferences()
	w, h := p.FloatWithFallback(prefWindowWidth, defaultWindowWidth), p.FloatWithFallback(prefWindowHeight, defaultWindowHeight)
	u.win.Resize(fyne.NewSize(float32(w), float32(h)))
}

// The first window size, for a screen that can hold it.
const (
	defaultWindowWidth  = 1360
	defaultWindowHeight = 860
)

// frameAllowance is what a window manager's frame (title bar, borders) takes beside
// the window's content.
var frameAllowance = fyne.NewSize(12, 40)

// fitScreen sizes the window for the screen it opened on: the size last used on that
// screen, else the default, and never larger than the screen's work area less the
// window frame, so that nothing is out of reach on a 1024×768 projector.
func (u *UI) fitScreen() {
	scr, ok := u.opts.Screen(u.win.Canvas().Scale())
	if !ok {
		return
	}
	u.screen = scr.key()
	p := u.app.Preferences()
	w := p.FloatWithFallback(prefWindowWidth+"."+u.screen, defaultWindowWidth)
	h := p.FloatWithFallback(prefWindowHeight+"."+u.screen, defaultWindowHeight)
	u.win.Resize(fitSize(fyne.NewSize(float32(w), float32(h)), scr.Size))
}

// fitSize is want, made no larger than the work area less the window frame.
func fitSize(want, work fyne.Size) fyne.Size {
	return fyne.NewSize(min(want.Width, work.Width-frameAllowance.Width), min(want.Height, work.Height-frameAllowance.Height))
}

// flushAll stores every pending edit now.
func (u *UI) flushAll() {
	if u.editor != nil {
		u.editor.saver.flush()
	}
	u.cases.flush()
	u.directory.flush()
}

// unsaved reports whether an edit is pending that the store refused.
func (u *UI) unsaved() bool {
	return (u.editor != nil && u.editor.saver.unsaved()) || u.cases.saver.unsaved() || u.directory.saver.unsaved()
}

// confirmDiscard asks whether to drop edits the store refused, and runs discard only
// when the person says so: no edit is lost without being asked.
func (u *UI) confirmDiscard(discard func()) {
	// Enter and Escape both keep the edits: discarding takes a click.
	u.show(dialog.NewCustomConfirm(lang.L("有修改未能保存"), lang.L("放弃修改"), lang.L("留下"),
		wrapped(lang.L("刚才的修改未能保存（原因见出错提示），仍在窗口中。离开后这些修改会丢失；如需保留，请选择「留下」，把内容另行记下或排除原因后再试。仍要放弃这些修改吗？")),
		func(ok bool) {
			if ok {
				discard()
			}
		}, u.win), nil)
}

// onClose stores what is pending and the window's size, then closes; it asks first
// when an edit could not be stored.
func (u *UI) onClose() {
	u.flushAll()
	if u.unsaved() {
		u.confirmDiscard(func() {
			u.cases.saver.discard()
			u.directory.saver.discard()
			if u.editor != nil {
				u.editor.saver.discard()
			}
			u.onClose()
		})
		return
	}
	u.stopLive()
	size := u.win.Canvas().Size()
	if size.Width > 200 && size.Height > 200 {
		suffix := ""
		if u.screen != "" {
			suffix = "." + u.screen
		}
		u.app.Preferences().SetFloat(prefWindowWidth+suffix, float64(size.Width))
		u.app.Preferences().SetFloat(prefWindowHeight+suffix, float64(size.Height))
	}
	u.win.Close()
}
