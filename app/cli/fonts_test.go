package cli

import (
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"backstop/export"
	"backstop/export/archive"
	"backstop/export/fonttest"
)

const wenKai = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"

// pdfFonts returns pdffonts' listing of the PDF at path.
func pdfFonts(t *testing.T, path string) string {
	t.Helper()
	if _, err := exec.LookPath("pdffonts"); err != nil {
		t.Skip("pdffonts is not installed (Debian poppler-utils)")
	}
	out, err := exec.Command("pdffonts", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdffonts %s: %v\n%s", path, err, out)
	}
	return strings.ToLower(string(out))
}

// TestFontSetting checks that export and finalize both follow the 公文字体 setting in
// the data directory, and that export's -fonts overrides it.
func TestFontSetting(t *testing.T) {
	if _, err := os.Stat(wenKai); err != nil {
		t.Skipf("%s is absent: install Debian fonts-lxgw-wenkai", wenKai)
	}
	t.Setenv(export.FontDirsEnv, "") // this PC's own fonts stay out of it
	dir := t.TempDir()
	mustRun(t, dir, "import", example)
	s := export.FontSettings{Mode: export.FontsOfficial}
	s.SetPicked(export.Body, wenKai)
	if err := export.SaveFontSettings(dir, s); err != nil {
		t.Fatal(err)
	}

	official := filepath.Join(t.TempDir(), "official.pdf")
	code, _, errs := run(t, dir, "export", "-meeting", "1", "-o", official)
	if code != ExitOK {
		t.Fatalf("export: %s", errs)
	}
	// Only the body font was supplied: the others are reported as not found.
	if !strings.Contains(errs, "未找到小标宋字体") || strings.Contains(errs, "正文（仿宋）") {
		t.Errorf("export's font messages: %q", errs)
	}
	if !strings.Contains(pdfFonts(t, official), "lxgwwenkai") {
		t.Error("the setting's body font is not in the exported PDF")
	}

	embedded := filepath.Join(t.TempDir(), "embedded.pdf")
	if code, _, errs := run(t, dir, "export", "-meeting", "1", "-o", embedded, "-fonts", "embedded"); code != ExitOK || errs != "" {
		t.Fatalf("export -fonts embedded: exit %d, %q", code, errs)
	}
	if fonts := pdfFonts(t, embedded); strings.Contains(fonts, "lxgwwenkai") || !strings.Contains(fonts, "notoserifscregular") {
		t.Errorf("-fonts embedded:\n%s", fonts)
	}
	if code, _, errs := run(t, dir, "export", "-meeting", "1", "-o", embedded, "-fonts", "fancy"); code == ExitOK || !strings.Contains(errs, "-fonts 只能是") {
		t.Errorf("-fonts fancy: exit %d, %q", code, errs)
	}

	mustRun(t, dir, "finalize", "-meeting", "1")
	m := recorded(t, dir, 1)
	if !strings.Contains(pdfFonts(t, archive.Path(dir, m.Revisions[0].PDFPath)), "lxgwwenkai") {
		t.Error("the archived PDF of finalize does not use the setting's body font")
	}
}

// TestStandInOfficialFonts puts the stand-ins of the four official typefaces into the
// data folder's fonts folder of new data and changes no setting: export and finalize
// set the minutes in them (pdffonts lists them, no embedded font), stderr is quiet,
// and the archived revision records each face with its file's SHA-256.
func TestStandInOfficialFonts(t *testing.T) {
	if _, err := os.Stat(wenKai); err != nil {
		t.Skipf("%s is absent: install Debian fonts-lxgw-wenkai", wenKai)
	}
	t.Setenv(export.FontDirsEnv, "")
	dir := t.TempDir()
	mustRun(t, dir, "import", example)
	if s, err := export.LoadFontSettings(dir); err != nil || s.Mode != export.FontsAuto {
		t.Fatalf("new data's setting: %+v, %v; want 自动 recorded", s, err)
	}
	if _, err := os.Stat(filepath.Join(dir, export.FontSettingsFile)); err != nil {
		t.Errorf("new data did not record its font setting: %v", err)
	}
	fontDir := export.DataFontDir(dir)
	if err := os.MkdirAll(fontDir, 0o755); err != nil {
		t.Fatal(err)
	}
	paths, err := fonttest.WriteOfficial(fontDir)
	if err != nil {
		t.Fatal(err)
	}
	export.ForgetFonts()
	out := filepath.Join(t.TempDir(), "minutes.pdf")
	if code, _, errs := run(t, dir, "export", "-meeting", "1", "-o", out); code != ExitOK || errs != "" {
		t.Fatalf("export: exit %d, %q", code, errs)
	}
	wantFaces := []string{"fangsonggb2312", "fzxiaobiaosongb05s", "simhei", "kaitigb2312"}
	fonts := pdfFonts(t, out)
	t.Logf("pdffonts:\n%s", fonts)
	for _, name := range wantFaces {
		if !strings.Contains(fonts, name) {
			t.Errorf("the exported PDF lacks %s", name)
		}
	}
	if strings.Contains(fonts, "noto") {
		t.Error("an embedded font is in the PDF although every official face is installed")
	}
	mustRun(t, dir, "finalize", "-meeting", "1")
	m := recorded(t, dir, 1)
	rev := m.Revisions[0]
	archived := pdfFonts(t, archive.Path(dir, rev.PDFPath))
	for _, name := range wantFaces {
		if !strings.Contains(archived, name) {
			t.Errorf("the archived PDF lacks %s", name)
		}
	}
	families := []string{"仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312"}
	if len(rev.Fonts) != 4 {
		t.Fatalf("fonts recorded: %+v", rev.Fonts)
	}
	for i, u := range rev.Fonts {
		b, err := os.ReadFile(paths[i])
		if err != nil {
			t.Fatal(err)
		}
		if u.Family != families[i] || u.File != filepath.Base(paths[i]) || u.SHA256 != fmt.Sprintf("%x", sha256.Sum256(b)) || u.Fallback {
			t.Errorf("recorded %+v, want %s from %s", u, families[i], paths[i])
		}
	}
}
