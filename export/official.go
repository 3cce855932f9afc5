package export

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"backstop/export/safefile"
	"backstop/meeting"
)

// This file is the 公文字体 setting: whether the minutes use the official typefaces
// GB/T 9704 names (仿宋, 小标宋, 黑体, 楷体) where the PC has them, or always the embedded
// fonts. An official font is found in the fonts folders by the names inside it
// (discover.go) or picked by the user, and checked; a role whose font is missing or
// unusable takes the embedded font. The setting lives in the data directory, so that
// the application and the command line (which both write archived PDFs) set the
// minutes in the same fonts.

// FontMode says which fonts the minutes use.
type FontMode string

// Font modes. New data starts in FontsAuto; data from before there was a choice, and
// without a setting, keeps FontsEmbedded, the fonts its archived PDFs were set in.
const (
	FontsAuto     FontMode = "auto"     // 自动: the official typefaces where usable, else embedded
	FontsEmbedded FontMode = "embedded" // 内置字体: the fonts in package assets, the same PDF on every PC
	// FontsOfficial is how earlier versions recorded 公文字体; it means FontsAuto.
	FontsOfficial FontMode = "official"
)

// FontSettingsFile is the name of the setting's file in the data directory.
const FontSettingsFile = "fonts.json"

// FontSettings is the 公文字体 setting as stored in <data>/fonts.json.
type FontSettings struct {
	Mode FontMode `json:"mode"`
	// Files holds the font file the user picked for a role, by Role.Key; a role without
	// one takes the file found in the fonts folders.
	Files map[string]string `json:"files,omitempty"`
}

// Official reports whether the setting asks for the official fonts where usable
// (FontsAuto, or FontsOfficial as earlier versions wrote it).
func (s FontSettings) Official() bool { return s.Mode == FontsAuto || s.Mode == FontsOfficial }

// Picked returns the file picked for role, or "".
func (s FontSettings) Picked(role Role) string { return s.Files[role.Key()] }

// SetPicked records the file picked for role; "" forgets it.
func (s *FontSettings) SetPicked(role Role, path string) {
	if path == "" {
		delete(s.Files, role.Key())
		return
	}
	if s.Files == nil {
		s.Files = map[string]string{}
	}
	s.Files[role.Key()] = path
}

// Roles lists the roles in the order the setting shows them.
var Roles = []Role{Body, Title, Heading, Kai}

// Key returns the role's stable ASCII name, used in fonts.json.
func (r Role) Key() string {
	switch r {
	case Body:
		return "body"
	case Title:
		return "title"
	case Heading:
		return "heading"
	case Kai:
		return "kai"
	}
	return "unknown"
}

// Typeface returns the typeface GB/T 9704 names for the role, such as 仿宋.
func (r Role) Typeface() string {
	switch r {
	case Body:
		return "仿宋"
	case Title:
		return "小标宋"
	case Heading:
		return "黑体"
	case Kai:
		return "楷体"
	}
	return ""
}

// LoadFontSettings reads the setting from dataDir. Without a file, data whose store
// exists already keeps the embedded fonts its PDFs were set in, and new data gets the
// official fonts where usable (FontsAuto; RecordNewDataFonts writes that down when the
// store is created). An unreadable or malformed file gives the embedded fonts and an
// error naming the file.
func LoadFontSettings(dataDir string) (FontSettings, error) {
	path := filepath.Join(dataDir, FontSettingsFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if _, err := os.Stat(filepath.Join(dataDir, storeFileName)); err == nil {
			return FontSettings{Mode: FontsEmbedded}, nil
		}
		return FontSettings{Mode: FontsAuto}, nil
	}
	if err != nil {
		return FontSettings{Mode: FontsEmbedded}, safefile.Describe(err, path)
	}
	var s FontSettings
	if err := json.Unmarshal(b, &s); err != nil || (s.Mode != FontsEmbedded && !s.Official()) {
		return FontSettings{Mode: FontsEmbedded}, meeting.Errorf(meeting.CodeCorrupt,
			fmt.Sprintf("字体设置文件「%s」内容无效，已改用内置字体。请在“设置 › 公文字体”中重新选择。", path), err)
	}
	if s.Mode == FontsOfficial {
		s.Mode = FontsAuto
	}
	return s, nil
}

// storeFileName is the store's file in the data directory (meeting/store.FileName,
// which this package does not import).
const storeFileName = "backstop.db"

// RecordNewDataFonts writes the default setting of new data (FontsAuto) into dataDir
// unless it holds a setting already. Call it when the store has just been created, so
// that the data keeps its choice when the default changes again.
func RecordNewDataFonts(dataDir string) error {
	if _, err := os.Stat(filepath.Join(dataDir, FontSettingsFile)); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return SaveFontSettings(dataDir, FontSettings{Mode: FontsAuto})
}

// SaveFontSettings writes the setting into dataDir atomically.
func SaveFontSettings(dataDir string, s FontSettings) error {
	if s.Official() {
		s.Mode = FontsAuto
	} else {
		s.Mode = FontsEmbedded
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return meeting.Errorf(meeting.CodeInternal, "无法保存字体设置。", err)
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return safefile.Describe(err, dataDir)
	}
	return safefile.Write(filepath.Join(dataDir, FontSettingsFile), 0o644, func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	})
}

// officialFiles are the file names searched for each role, in order of preference:
// the fonts of Chinese Windows first, then the 方正 fonts offices install. Windows file
// names are case-insensitive, and so is the search.
var officialFiles = [roleCount][]string{
	Body:    {"simfang.ttf", "仿宋_GB2312.ttf", "FZFSK.TTF"},
	Title:   {"FZXBSJW.TTF", "方正小标宋简体.ttf", "FZXBSK.TTF", "方正小标宋_GBK.ttf"},
	Heading: {"simhei.ttf", "FZHTK.TTF"},
	Kai:     {"simkai.ttf", "楷体_GB2312.ttf", "FZKTK.TTF"},
}

// OfficialFileNames returns the file names searched for role, for messages.
func OfficialFileNames(role Role) []string {
	if role >= roleCount {
		return nil
	}
	return officialFiles[role]
}

// WindowsFontDirs returns the folders Windows installs fonts into: %WINDIR%\Fonts for
// all users and %LOCALAPPDATA%\Microsoft\Windows\Fonts for the current one. Elsewhere,
// where those variables are unset, it returns none.
func WindowsFontDirs() []string {
	var dirs []string
	for _, v := range []string{"WINDIR", "SystemRoot"} {
		if d := os.Getenv(v); d != "" {
			dirs = append(dirs, filepath.Join(d, "Fonts"))
			break
		}
	}
	if d := os.Getenv("LOCALAPPDATA"); d != "" {
		dirs = append(dirs, filepath.Join(d, "Microsoft", "Windows", "Fonts"))
	}
	return dirs
}

// FontCheck is what the setting found for one role.
type FontCheck struct {
	Role   Role
	Path   string // the file used or tried; "" when none was found
	Family string // the name the file gives itself, such as 仿宋_GB2312; "" if unknown
	Picked bool   // the user picked the file (otherwise it was found in the fonts folders)
	Font   *Font  // the font used; nil when the role falls back to the embedded font
	// Err says why the file is not used, in Chinese naming the file; nil when it is
	// used or when none was found.
	Err error
	// Missing lists common characters (GB 2312 level 1) the font lacks. The font is used
	// all the same; such characters are set in the next font that has them.
	Missing []rune
}

// Used reports whether the role is set in the checked font.
func (c FontCheck) Used() bool { return c.Font != nil }

// Message returns a Chinese sentence for the person: what is used for the role and why.
func (c FontCheck) Message() string {
	fallback := fallbackPhrase(c.Role)
	switch {
	case c.Path == "":
		names := officialFamilies[c.Role]
		return fmt.Sprintf("未找到%s字体（%s等），%s。", c.Role.Typeface(), strings.Join(names[:min(len(names), 4)], "、"), fallback)
	case c.Err != nil:
		return fmt.Sprintf("%s已%s。", meeting.ErrorMessage(c.Err), fallback)
	case len(c.Missing) > 0:
		return fmt.Sprintf("使用%s，但它缺少 %d 个常用字（如「%s」），这些字改用其他字体排印。", c.described(), len(c.Missing), string(c.Missing[:min(len(c.Missing), 12)]))
	}
	return fmt.Sprintf("使用%s，检查通过。", c.described())
}

// described names the font used: its family and its file.
func (c FontCheck) described() string {
	if c.Family == "" {
		return fmt.Sprintf("「%s」", c.Path)
	}
	return fmt.Sprintf("%s（%s）", c.Family, c.Path)
}

// Short says in a few words what the role is set in, for the preview: the family, or
// the embedded font and why.
func (c FontCheck) Short() string {
	switch {
	case c.Used() && c.Family != "":
		return c.Family
	case c.Used():
		return filepath.Base(c.Path)
	case c.Path == "":
		return fmt.Sprintf("内置字体（未找到%s）", c.Role.Typeface())
	}
	return fmt.Sprintf("内置字体（%s无法使用）", filepath.Base(c.Path))
}

// fallbackPhrase says what a role uses instead of its official font.
func fallbackPhrase(role Role) string {
	switch role {
	case Title:
		return "改用内置字体 Noto Serif SC Bold"
	case Heading:
		return "改用内置字体 Noto Sans SC Bold"
	case Kai:
		return "改用正文字体"
	}
	return "改用内置字体 Noto Serif SC"
}

// OfficialFonts resolves the setting against the fonts in dirs (FontDirs, normally).
// Where the setting asks for the official fonts, each role takes the file the user
// picked or else the best font found for it (roleCandidates) that passes the checks
// (CheckFontFile); a role with none takes the embedded font. In every mode the fonts
// with CJK Extension B found in dirs (fallbackFamilies) are kept for the characters no
// other font has; they are read only when a document needs them. It returns the
// FontSet for Options.Fonts and, where the setting asks for the official fonts, one
// FontCheck per role in the order of Roles.
func OfficialFonts(s FontSettings, dirs []string) (*FontSet, []FontCheck) {
	files := scanFonts(dirs)
	set := &FontSet{}
	var checks []FontCheck
	if s.Official() {
		checks = make([]FontCheck, 0, len(Roles))
		for _, role := range Roles {
			c := resolveRole(role, s.Picked(role), files)
			switch role {
			case Body:
				set.Body = c.Font
			case Title:
				set.Title = c.Font
			case Heading:
				set.Heading = c.Font
			case Kai:
				set.Kai = c.Font
			}
			checks = append(checks, c)
		}
	}
	for _, f := range fallbackCandidates(files) {
		set.More = append(set.More, lazyFontFor(f.path, f.id.display()))
	}
	return set, checks
}

// resolveRole finds and checks the font of role: the picked file, or the candidates
// in order until one passes. A role none passes reports the best candidate's problem.
func resolveRole(role Role, picked string, files []fontFile) FontCheck {
	if picked != "" {
		c := FontCheck{Role: role, Path: picked, Picked: true}
		if id, err := readIdentity(picked); err == nil && len(id.names) > 0 {
			c.Family = id.display()
			if i := id.rankIn(officialFamilies[role]); i >= 0 {
				c.Family = officialFamilies[role][i]
			}
		}
		c.Font, c.Missing, c.Err = CheckFontFile(role, picked)
		return c
	}
	var first FontCheck
	for i, f := range roleCandidates(role, files) {
		c := FontCheck{Role: role, Path: f.path, Family: f.id.display()}
		if r := f.id.rankIn(officialFamilies[role]); r >= 0 {
			c.Family = officialFamilies[role][r]
		}
		c.Font, c.Missing, c.Err = CheckFontFile(role, f.path)
		if c.Used() {
			return c
		}
		if i == 0 {
			first = c
		}
	}
	first.Role = role
	return first
}

// FontsFor reads the setting in dataDir and resolves it against the fonts folders
// (FontDirs): what the application and the command line pass as Options.Fonts. The
// error, if any, is about the setting's file; the embedded fonts are used then.
func FontsFor(dataDir string) (*FontSet, []FontCheck, error) {
	s, err := LoadFontSettings(dataDir)
	set, checks := OfficialFonts(s, FontDirs(dataDir))
	return set, checks, err
}

// fontCache keeps the fonts parsed from files, by path, size and modification time, so
// that the preview and every PDF do not parse a 10 MB font again.
var fontCache struct {
	sync.Mutex
	entries map[fontFileKey]fontCacheEntry
}

type fontFileKey struct {
	path string
	size int64
	mod  time.Time
}

type fontCacheEntry struct {
	font    *Font
	missing []rune
	reason  string // why the font is refused, "" if it is not
}

// CheckFontFile reads, parses and checks the font file for role: it must be a TrueType
// font with glyf outlines (no CFF .otf; of a .ttc collection, the first font), allow embedding,
// and cover the minutes' own wording; the common characters it lacks are returned as
// missing. The error names the role and the file and says why, in Chinese. The same
// file checked for two roles gives the same *Font, embedded once in a PDF.
func CheckFontFile(role Role, path string) (*Font, []rune, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fileFontError(role, path, "文件不存在。")
	}
	if err != nil {
		return nil, nil, fileFontError(role, path, "无法读取该文件（%v）。", err)
	}
	if st.IsDir() {
		return nil, nil, fileFontError(role, path, "这是文件夹，不是字体文件。")
	}
	key := fontFileKey{path, st.Size(), st.ModTime()}
	fontCache.Lock()
	e, ok := fontCache.entries[key]
	fontCache.Unlock()
	if !ok {
		e.font, e.missing, e.reason = checkFontFile(path)
		fontCache.Lock()
		if fontCache.entries == nil {
			fontCache.entries = map[fontFileKey]fontCacheEntry{}
		}
		for k := range fontCache.entries {
			if k.path == path { // the file changed: forget the old one
				delete(fontCache.entries, k)
			}
		}
		fontCache.entries[key] = e
		fontCache.Unlock()
	}
	if e.reason != "" {
		return nil, nil, fileFontError(role, path, "%s", e.reason)
	}
	return e.font, e.missing, nil
}

// checkFontFile reads the font at path for a role; reason says in Chinese why it is
// refused.
func checkFontFile(path string) (f *Font, missing []rune, reason string) {
	if f, reason = readFontFile(path, true); reason != "" {
		return nil, nil, reason
	}
	if lack := lacking(f, essentialText); len(lack) > 0 {
		return nil, nil, fmt.Sprintf("缺少纪要版式必需的字符「%s」。", string(lack))
	}
	return f, lacking(f, commonHanzi()), ""
}

// readFontFile reads and parses the font file at path (of a collection, the first
// font), identified by the names inside it and the file's SHA-256; placeholder as for
// parseFont. reason says in Chinese why it cannot be used.
func readFontFile(path string, placeholder bool) (f *Font, reason string) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Sprintf("无法读取该文件（%v）。", err)
	}
	sum := fmt.Sprintf("%x", sha256.Sum256(b))
	id, _ := fontNames(bytes.NewReader(b))
	name := ""
	for _, n := range id.names {
		if name = familyName(n); name != "" {
			break
		}
	}
	if name == "" {
		name = cmp.Or(familyName(strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))), "Official")
	}
	if len(b) >= 4 && string(b[:4]) == "ttcf" {
		face, faces, err := firstFace(b)
		if err != nil {
			return nil, err.Error() + "。"
		}
		if face[0] == 'O' { // "OTTO": say what the collection holds, not that it is one
			return nil, fmt.Sprintf("这是 CFF 轮廓的 OpenType 字体集合（%d 个字体），PDF 组件只支持 TrueType（glyf）轮廓。", faces)
		}
		b = face
	}
	f, err = parseFont(name, b, placeholder)
	if err != nil {
		// parseFont's message names the font by its ASCII name; the caller names the file.
		msg := meeting.ErrorMessage(err)
		if _, r, ok := strings.Cut(msg, "无法使用："); ok {
			msg = r
		}
		return nil, msg
	}
	return f.identified(id.display(), path, sum), ""
}

// fileFontError is a font error naming the role and the file.
func fileFontError(role Role, path, format string, args ...any) error {
	return &meeting.Error{
		Code:    meeting.CodeInvalid,
		Message: fmt.Sprintf("%s字体文件「%s」无法使用：%s", role.Typeface(), path, fmt.Sprintf(format, args...)),
		Err:     ErrFont,
	}
}

// lacking returns the distinct characters of s that f cannot set, in order.
func lacking(f *Font, s string) []rune {
	var out []rune
	seen := map[rune]bool{}
	for _, r := range s {
		if r == ' ' || r == '\n' || seen[r] {
			continue
		}
		seen[r] = true
		if !f.Has(r) {
			out = append(out, r)
		}
	}
	return out
}

// essentialText is what every role must be able to set: the digits, Latin letters and
// punctuation of the minutes and the wording the layout itself writes (labels, headings,
// the signature sheet, the colophon).
const essentialText = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" +
	"〓，。、；：？！（）《》〔〕“”‘’—…％·" +
	"一二三四五六七八九十百千零年月日号第版页" +
	"出席请假列席记录主持人会议纪要协调签页单位名称代表日期印发办公室关于情况研判意见理由" +
	"牵头配合办理时限说明以上事项经参会协商一致本作为各相关依据通过线下流程并在内将结果反馈" +
	"修订替代草稿基本诉求申请政策"
