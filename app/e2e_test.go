//go:build e2e

// The end-to-end test drives the real window as a convener would, with real X input
// events (xdotool) and a real Chinese input method (fcitx5 pinyin), at the screen
// sizes of meeting-room projectors, and prints on a real (private) CUPS queue. It
// calls nothing of the program's own: what it asserts it reads from the data folder,
// the printed file and the screen. `make e2e` builds the app, starts the printer
// (scripts/cups-test-printer) and runs it.
package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"backstop/meeting"
	"backstop/meeting/store"
)

// TestEndToEnd runs the meeting flow at 1024×768 and at 1366×768, and at 1024×768
// in 投屏模式 (everything 1.45 times larger), where the window must still stay
// inside the screen at every step.
func TestEndToEnd(t *testing.T) {
	runs := []struct {
		size      string
		projector bool
	}{{"1024x768", false}, {"1366x768", false}, {"1024x768", true}}
	for _, run := range runs {
		name := run.size
		if run.projector {
			name += "-projector"
		}
		t.Run(name, func(t *testing.T) { endToEnd(t, run.size, run.projector) })
	}
}

// session is the app running on a private X server with a private input method.
type session struct {
	t        *testing.T
	display  string
	env      []string
	dir      string // data folder
	shots    string // where the screenshots go
	size     string
	keys     int // keystrokes sent (a typed word counts its letters)
	clicks   int
	appLog   *bytes.Buffer
	step     int
	screenW  int
	screenH  int
	imeHome  string
	printOut string
	stop     func()
	// projector starts the app in 投屏模式 (its preference set as the check box sets it).
	projector bool
}

func endToEnd(t *testing.T, size string, projector bool) {
	printer, output := os.Getenv("BACKSTOP_TEST_PRINTER"), os.Getenv("BACKSTOP_TEST_PRINTER_OUTPUT")
	if printer == "" || output == "" || os.Getenv("CUPS_SERVER") == "" {
		t.Fatal("run through `make e2e`: it starts the private CUPS printer (CUPS_SERVER, BACKSTOP_TEST_PRINTER, BACKSTOP_TEST_PRINTER_OUTPUT)")
	}
	for _, tool := range []string{"xdotool", "fcitx5", "dbus-daemon", "xwininfo", "import", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed; `make e2e` installs it", tool)
		}
	}
	s := &session{t: t, size: size, dir: t.TempDir(), appLog: &bytes.Buffer{}, printOut: output, projector: projector}
	fmt.Sscanf(size, "%dx%d", &s.screenW, &s.screenH)
	s.shots = filepath.Join("..", "dist", "test-artifacts", "e2e-"+size)
	if projector {
		s.shots += "-projector"
	}
	os.RemoveAll(s.shots)
	if err := os.MkdirAll(s.shots, 0o755); err != nil {
		t.Fatal(err)
	}
	// The office's earlier meeting: the new one takes its room, host and recorder.
	importExample(t, s.dir)
	s.display = xvfbSized(t, size)
	s.startInputMethod()
	s.startApp(printer)

	// Step 1: a new meeting, its title typed in pinyin.
	s.key("ctrl+n")
	s.typeIME("budongchan")
	s.checkCandidatesAtCaret()
	s.key("space")
	s.typeIME("xietiaohui")
	s.key("space")
	s.shot("basic")

	// Step 2: six departments checked in, nine sections.
	s.key("ctrl+2")
	type dept struct {
		pinyin, person string
		back           int // Shift+Tab from the representative's field to the first section wanted
		sections       int // sections wanted, in order from there
	}
	for _, d := range []dept{{"ziran", "zhangsan", 5, 2}, {"zhufang", "wangfang", 4, 1}, {"fazhan", "lisi", 3, 1},
		{"jingji", "zhangsan", 3, 2}, {"shichang", "wangfang", 3, 1}, {"shuiwu", "lisi", 3, 2}} {
		s.typeIME(d.pinyin)
		s.key("space")
		s.key("Return") // checked in; the cursor is in the representative's field
		s.typeIME(d.person)
		s.key("space")
		for i := 0; i < d.back; i++ {
			s.key("shift+Tab")
		}
		for i := 0; i < d.sections; i++ {
			if i > 0 {
				s.key("Tab")
			}
			s.key("space")
		}
		s.key("ctrl+2") // back to the check-in field
	}
	s.shot("attendance")

	// Step 3: a new case on the agenda, registered from the applicant's name.
	s.key("ctrl+3")
	s.typeIME("zhangsan")
	s.key("space")
	s.key("Return")         // no such case: the registration opens with the name
	time.Sleep(time.Second) // a person waits for the dialog too (a busy machine takes a moment)
	s.key("shift+Tab")
	s.key("space") // 个人
	for i := 0; i < 4; i++ {
		s.key("Tab") // name, contact, phone (the credit code is off), category
	}
	s.key("space")
	s.key("Down", "Down", "Down", "Return")         // 其他民生问题
	s.key("Tab", "space", "Down", "Down", "Return") // 兜底窗口·个人
	s.key("Tab", "Tab", "Tab")                      // received (the meeting's day), its calendar, the title
	s.typeIME("banlidengji")
	s.key("space")
	s.key("Tab")
	s.typeIME("shenqingren")
	s.key("space")
	s.typeIME("banlidengji")
	s.key("space")
	s.shot("case")
	s.key("Tab", "Tab", "Tab", "Tab", "space") // background, missing, 取消, 登记
	s.typeIME("taolun")                        // the discussion has the cursor
	s.key("space")
	for i := 0; i < 7; i++ {
		s.key("Tab") // the six departments' positions, then 应办
	}
	s.key("space")
	s.key("Tab", "Tab", "Tab")
	s.typeIME("jiejue") // the reason
	s.key("space")
	s.key("Tab", "Tab", "space") // 添加政策依据, 添加议定事项
	type decision struct{ text, lead, coop string }
	for i, d := range []decision{{"chujuyijian", "ziran", "zhufang"}, {"banlidengji", "zhufang", "shichang"}, {"wancheng", "jingji", "shuiwu"}} {
		if i > 0 {
			s.key("Return") // in the due date: Enter adds the next decision
		}
		s.typeIME(d.text)
		s.key("space", "Tab")
		s.typeIME(d.lead)
		s.key("space", "Return", "Tab")
		s.typeIME(d.coop)
		s.key("space", "Return", "Tab", "Tab")
		s.typeASCII("10")
		s.typeIME("gegongzuori")
		s.key("space")
	}
	s.shot("agenda")

	// Step 4: preview, two copies on the printer, then 定稿.
	os.WriteFile(s.printOut, nil, 0o600)
	s.key("ctrl+4")
	time.Sleep(2 * time.Second) // the pages are laid out off the UI goroutine
	s.typeASCII("2")
	s.key("ctrl+p")
	printed := s.waitPrinted()
	s.shot("preview")
	s.key("Tab", "Tab", "space") // 打印, 定稿
	time.Sleep(time.Second)
	s.shot("finalize-confirm")
	s.key("Return")
	// Finalizing archives the revision's PDF: the file appears when it is done.
	waitFor(t, 60*time.Second, "the archived PDF of revision 1", func() bool {
		found, _ := filepath.Glob(filepath.Join(s.dir, "archive", "*", "*", "r1.pdf"))
		return len(found) > 0
	})
	time.Sleep(time.Second)
	s.shot("finalized")
	t.Logf("%s: %d keystrokes, %d clicks from 新建会议 to 定稿", size, s.keys, s.clicks)

	s.stopApp()
	s.checkStored(printed)
}

// startInputMethod runs a session bus and fcitx5 with pinyin on by default, private to
// the test, and waits until the X input method server is announced.
func (s *session) startInputMethod() {
	t := s.t
	s.imeHome = t.TempDir()
	conf := filepath.Join(s.imeHome, ".config", "fcitx5")
	os.MkdirAll(conf, 0o700)
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(conf, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("profile", "[Groups/0]\nName=Default\nDefault Layout=us\nDefaultIM=pinyin\n\n[Groups/0/Items/0]\nName=keyboard-us\nLayout=\n\n[Groups/0/Items/1]\nName=pinyin\nLayout=\n\n[GroupOrder]\n0=Default\n")
	write("config", "[Behavior]\nActiveByDefault=True\nShareInputState=All\n")
	runtime := filepath.Join(s.imeHome, "run")
	os.MkdirAll(runtime, 0o700)
	bus := filepath.Join(runtime, "bus")
	s.env = append(os.Environ(), "DISPLAY="+s.display, "HOME="+s.imeHome, "XDG_CONFIG_HOME="+filepath.Join(s.imeHome, ".config"),
		"XDG_RUNTIME_DIR="+runtime, "DBUS_SESSION_BUS_ADDRESS=unix:path="+bus, "LANG=C.UTF-8")
	daemon := exec.Command("dbus-daemon", "--session", "--nofork", "--address=unix:path="+bus)
	daemon.Env = s.env
	if err := daemon.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { daemon.Process.Kill(); daemon.Wait() })
	waitFor(t, 10*time.Second, "the session bus", func() bool { _, err := os.Stat(bus); return err == nil })
	var log bytes.Buffer
	im := exec.Command("fcitx5", "--replace")
	im.Env = s.env
	im.Stdout, im.Stderr = &log, &log
	if err := im.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { im.Process.Kill(); im.Wait() })
	waitFor(t, 30*time.Second, "fcitx5's X input method server", func() bool {
		out, _ := exec.Command("xprop", "-display", s.display, "-root", "XIM_SERVERS").Output()
		return strings.Contains(string(out), "@server=fcitx")
	})
	time.Sleep(2 * time.Second) // pinyin loads its dictionaries after announcing the server
}

// startApp starts the app on the data folder with the input method and the printer.
func (s *session) startApp(printer string) {
	t := s.t
	home := t.TempDir()
	if s.projector {
		prefs := filepath.Join(home, ".config", "fyne", appID)
		os.MkdirAll(prefs, 0o700)
		if err := os.WriteFile(filepath.Join(prefs, "preferences.json"), []byte(`{"projector":true}`), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(binary(t), "--data", s.dir)
	cmd.Env = append(append([]string(nil), s.env...), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XMODIFIERS=@im=fcitx", "FYNE_SCALE=1", "LPDEST="+printer, "BACKSTOP_DEBUG_IME=1")
	cmd.Stdout, cmd.Stderr = s.appLog, s.appLog
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() { cmd.Process.Kill(); <-exited })
	if !windowShown(s.display, "兜底协调会", 60*time.Second, exited) {
		t.Fatalf("no window within 60 s; app output:\n%s", s.appLog)
	}
	time.Sleep(3 * time.Second)
	x, y, w, h := s.geometry("兜底协调会")
	if x < 0 || y < 0 || x+w > s.screenW || y+h > s.screenH {
		t.Errorf("the window (%dx%d at %d,%d) does not fit the %s screen", w, h, x, y, s.size)
	}
	s.shot("start")
	s.stop = func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			s.shot("not-closing")
			t.Errorf("the app did not close within 30 s of an interrupt; output:\n%s", s.appLog)
			cmd.Process.Kill()
			<-exited
		}
	}
}

// geometry returns the position and size of the top-level window named title.
func (s *session) geometry(title string) (x, y, w, h int) {
	out, err := exec.Command("xwininfo", "-display", s.display, "-root", "-tree").Output()
	if err != nil {
		s.t.Fatal(err)
	}
	re := regexp.MustCompile(`"` + regexp.QuoteMeta(title) + `".*?\s(\d+)x(\d+)\+(-?\d+)\+(-?\d+)`)
	m := re.FindStringSubmatch(string(out))
	if m == nil {
		return -1, -1, 0, 0
	}
	w, _ = strconv.Atoi(m[1])
	h, _ = strconv.Atoi(m[2])
	x, _ = strconv.Atoi(m[3])
	y, _ = strconv.Atoi(m[4])
	return x, y, w, h
}

// key sends keys (xdotool names), one keystroke each, waiting after each as a person
// would, so that the app has drawn what the next key needs.
func (s *session) key(keys ...string) {
	for _, k := range keys {
		s.xdotool("key", "--clearmodifiers", k)
		s.keys++
		time.Sleep(150 * time.Millisecond)
	}
}

// typeIME types pinyin letters into the input method (the candidate is committed by
// the caller's space).
func (s *session) typeIME(pinyin string) {
	s.xdotool("type", "--delay", "60", pinyin)
	s.keys += len(pinyin)
	time.Sleep(400 * time.Millisecond)
}

// typeASCII types digits, which the input method passes on as they are.
func (s *session) typeASCII(text string) {
	s.xdotool("type", "--delay", "60", text)
	s.keys += len(text)
	time.Sleep(200 * time.Millisecond)
}

func (s *session) xdotool(args ...string) {
	cmd := exec.Command("xdotool", args...)
	cmd.Env = s.env
	if out, err := cmd.CombinedOutput(); err != nil {
		s.t.Fatalf("xdotool %v: %v: %s", args, err, out)
	}
}

// shot keeps a screenshot of the screen for the step, and checks that the window
// (and so everything in it) is still inside the screen.
func (s *session) shot(name string) {
	s.step++
	if x, y, w, h := s.geometry("兜底协调会"); x < 0 || y < 0 || x+w > s.screenW || y+h > s.screenH {
		s.t.Errorf("at %s the window (%dx%d at %d,%d) is larger than the %s screen", name, w, h, x, y, s.size)
	}
	path := filepath.Join(s.shots, fmt.Sprintf("%02d-%s.png", s.step, name))
	if out, err := exec.Command("import", "-display", s.display, "-window", "root", path).CombinedOutput(); err != nil {
		s.t.Fatalf("screenshot: %v: %s", err, out)
	}
	assertNotBlank(s.t, path)
}

// checkCandidatesAtCaret: with pinyin typed in the title, fcitx5's candidate window is
// where the app said the caret is (the last spot it gave the input method), below the
// title field, not in a corner of the screen.
func (s *session) checkCandidatesAtCaret() {
	t := s.t
	time.Sleep(500 * time.Millisecond)
	x, y, w, _ := s.geometry("Fcitx5 Input Window")
	if w == 0 {
		t.Fatal("no candidate window while pinyin is typed")
	}
	spots := regexp.MustCompile(`input method: spot (\d+),(\d+)`).FindAllStringSubmatch(s.appLog.String(), -1)
	if len(spots) == 0 {
		t.Fatalf("the app gave the input method no caret position:\n%s", s.appLog)
	}
	sx, _ := strconv.Atoi(spots[len(spots)-1][1])
	sy, _ := strconv.Atoi(spots[len(spots)-1][2])
	s.shot("candidates")
	if x < sx-4 || x > sx+4 || y < sy-4 || y > sy+30 {
		t.Errorf("the candidate window is at %d,%d; the caret's spot is %d,%d", x, y, sx, sy)
	}
	if !s.projector && (y > s.screenH/2 || x < 60) {
		t.Errorf("the candidate window is at %d,%d, not below the title field near the top of the window", x, y)
	}
	t.Logf("candidates at %d,%d for the caret at %d,%d", x, y, sx, sy)
}

// waitPrinted waits for the print job's PDF and returns its text.
func (s *session) waitPrinted() string {
	t := s.t
	var text string
	waitFor(t, 60*time.Second, "the printed PDF", func() bool {
		st, err := os.Stat(s.printOut)
		if err != nil || st.Size() == 0 {
			return false
		}
		out, err := exec.Command("pdftotext", "-layout", s.printOut, "-").Output()
		if err != nil {
			return false
		}
		text = string(out)
		return strings.Contains(text, "会签页")
	})
	return text
}

func (s *session) stopApp() {
	if s.stop != nil {
		s.stop()
	}
}

// checkStored reads the data folder as the app left it.
func (s *session) checkStored(printed string) {
	t := s.t
	st, err := store.Open(s.dir)
	if err != nil {
		t.Fatalf("opening the data after the flow: %v", err)
	}
	defer st.Close()
	ms, err := st.Meetings(meeting.MeetingFilter{})
	if err != nil || len(ms) != 2 {
		t.Fatalf("%d meetings (%v), want the example and the new one", len(ms), err)
	}
	mn, err := st.Minutes(ms[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	m := mn.Meeting
	if m.Title != "不动产协调会" {
		t.Errorf("title %q, want 不动产协调会 as typed in pinyin", m.Title)
	}
	if m.State != meeting.StateFinalized || m.Number.IsZero() {
		t.Errorf("the meeting is %s %s, want finalized with a number", m.State, m.Number)
	}
	if d, sec := m.Counts(); d != 6 || sec != 9 {
		t.Errorf("%d departments · %d sections, want 6 · 9: %+v", d, sec, m.Attendance)
	}
	if len(m.Agenda) != 1 || len(mn.Cases) != 1 || mn.Cases[0].Applicant.Name != "张三" {
		t.Fatalf("agenda %+v, cases %+v", m.Agenda, mn.Cases)
	}
	want := []struct{ text, lead, coop string }{{"出具意见", "自然资源和规划局", "住房和城乡建设局"}, {"办理登记", "住房和城乡建设局", "市场监督管理局"}, {"完成", "经济和信息化局", "税务局"}}
	ds := m.Agenda[0].Decisions
	if len(ds) != len(want) {
		t.Fatalf("%d decisions, want %d: %+v", len(ds), len(want), ds)
	}
	due, _ := meeting.DefaultCalendar().AddWorkdays(m.Date, 10)
	for i, w := range want {
		d := ds[i]
		if d.Text != w.text || d.Lead != w.lead || len(d.Cooperating) != 1 || d.Cooperating[0] != w.coop || d.Due != due {
			t.Errorf("decision %d is %+v, want %s / %s / %s / %s", i+1, d, w.text, w.lead, w.coop, due)
		}
	}
	flat := strings.Join(strings.Fields(printed), "")
	for _, wantText := range []string{"不动产协调会", "自然资源和规划局", "出具意见", "牵头单位：经济和信息化局", "会签页"} {
		if !strings.Contains(flat, wantText) {
			t.Errorf("the printed PDF lacks %q", wantText)
		}
	}
	if n := strings.Count(flat, "会签页"); n != 2 {
		t.Errorf("the printed PDF has %d signature sheets, want 2 copies", n)
	}
	pages, _ := exec.Command("pdfinfo", s.printOut).Output()
	t.Logf("printed: %s", regexp.MustCompile(`Pages:\s+\d+`).FindString(string(pages)))
}

func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", within, what)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
