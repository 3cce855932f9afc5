package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"backstop/export"
	"backstop/export/archive"
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
	if !strings.Contains(pdfFonts(t, official), "lxgwwenkairegular") {
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
	if !strings.Contains(pdfFonts(t, archive.Path(dir, m.Revisions[0].PDFPath)), "lxgwwenkairegular") {
		t.Error("the archived PDF of finalize does not use the setting's body font")
	}
}
