package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"backstop/app/cli"
)

// TestDatabaseSettings: 设置 › 共享数据库 keeps the URL in the data folder's
// database.json through the same function as the command line, refuses a URL with a
// password (nothing written), and 测试连接 reports a server it cannot reach in
// Chinese; going back to the data file removes the setting.
func TestDatabaseSettings(t *testing.T) {
	h := newHarness(t)
	h.u.opts.Database = &Database{
		Saved: func() string { u, _ := cli.DatabaseURL("", func(string) string { return "" }, h.dir); return u },
		Save:  func(u string) error { return cli.SaveDatabaseURL(h.dir, u) },
		Test:  cli.TestDatabase,
	}
	items := h.u.settingsMenuItems()
	if len(items) != 2 || items[1].Label != "共享数据库…" {
		t.Fatalf("设置 has %d items", len(items))
	}
	setting := filepath.Join(h.dir, cli.DatabaseFile)

	s := h.u.showDatabaseSettings()
	if s.choice.Selected != localChoice() || !s.url.Disabled() {
		t.Fatalf("a folder without the setting shows %q, address enabled %v", s.choice.Selected, !s.url.Disabled())
	}
	s.choice.SetSelected(sharedChoice())
	h.typeInto(s.url, "postgres://pc:secret@db.example/backstop")
	s.onSave()
	h.drain(50 * time.Millisecond)
	if text := textsUnder(h.overlayTop()); !strings.Contains(text, "地址中不能写密码") {
		t.Errorf("a URL with a password: the window says %q", text)
	}
	if _, err := os.Stat(setting); err == nil {
		t.Fatal("a URL with a password was written to the data folder")
	}
	closeOverlays(h)

	s = h.u.showDatabaseSettings()
	s.choice.SetSelected(sharedChoice())
	// A socket folder without a server: refused at once, in Chinese.
	h.typeInto(s.url, "postgres://pc@/backstop?host="+t.TempDir())
	test.Tap(s.test)
	h.waitFor(20*time.Second, "the connection test", func() bool { return s.result.Text != "正在连接……" && s.result.Text != "" })
	if !strings.Contains(s.result.Text, "数据库") {
		t.Errorf("测试连接 says %q", s.result.Text)
	}
	shot(t, h, "database-settings")
	s.url.SetText("postgres://pc@db.example/backstop?sslmode=verify-full")
	s.onSave()
	b, err := os.ReadFile(setting)
	if err != nil || !strings.Contains(string(b), "postgres://pc@db.example/backstop?sslmode=verify-full") {
		t.Fatalf("database.json = %q, %v", b, err)
	}
	closeOverlays(h)

	s = h.u.showDatabaseSettings()
	if s.choice.Selected != sharedChoice() || s.url.Text != "postgres://pc@db.example/backstop?sslmode=verify-full" {
		t.Errorf("reopened: %q, %q", s.choice.Selected, s.url.Text)
	}
	s.choice.SetSelected(localChoice())
	s.onSave()
	if _, err := os.Stat(setting); err == nil {
		t.Error("choosing the data file kept database.json")
	}
}

// closeOverlays hides every dialog on the window.
func closeOverlays(h *harness) {
	for o := h.u.win.Canvas().Overlays().Top(); o != nil; o = h.u.win.Canvas().Overlays().Top() {
		h.u.win.Canvas().Overlays().Remove(o)
	}
	h.drain(20 * time.Millisecond)
}
