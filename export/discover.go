package export

import (
	"cmp"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// This file finds the official typefaces where the platform keeps fonts, by the names
// inside the font files: the Windows fonts folders (for all users and for the current
// one), the fontconfig folders on Linux (those fc-list reports, and the usual ones when
// it is absent), the macOS font folders, and first of all the data directory's own
// fonts folder, where an office can put the fonts it licenses.

// FontDirsEnv names the environment variable that, when set, replaces the system's
// font folders: a list of folders separated as PATH is (":" or ";" on Windows). Set
// and empty, only the data directory's fonts folder is searched.
const FontDirsEnv = "BACKSTOP_FONT_DIRS"

// DataFontDir returns the data directory's fonts folder, searched before the system's.
func DataFontDir(dataDir string) string { return filepath.Join(dataDir, "fonts") }

// FontDirs returns the folders searched for fonts, in order: the data directory's
// fonts folder, then the system's (SystemFontDirs).
func FontDirs(dataDir string) []string {
	return append([]string{DataFontDir(dataDir)}, SystemFontDirs()...)
}

// SystemFontDirs returns the folders this platform keeps fonts in: FontDirsEnv when
// set; otherwise the Windows fonts folders (WindowsFontDirs), the folders of the fonts
// fontconfig knows (fc-list), and the usual folders of Linux and macOS.
func SystemFontDirs() []string {
	if v, ok := os.LookupEnv(FontDirsEnv); ok {
		return slices.DeleteFunc(filepath.SplitList(v), func(d string) bool { return d == "" })
	}
	dirs := WindowsFontDirs()
	if runtime.GOOS == "windows" {
		return dirs
	}
	dirs = append(dirs, fontconfigDirs()...)
	home, _ := os.UserHomeDir()
	dirs = append(dirs, "/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts", "/System/Library/Fonts")
	if home != "" {
		dirs = append(dirs, filepath.Join(home, ".local", "share", "fonts"), filepath.Join(home, ".fonts"), filepath.Join(home, "Library", "Fonts"))
	}
	return uniqueDirs(dirs)
}

// fontconfigDirs returns the folders of the fonts fc-list lists, or none when fc-list
// is absent or fails.
func fontconfigDirs() []string {
	path, err := exec.LookPath("fc-list")
	if err != nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, "--format", "%{file}\n").Output()
	if err != nil {
		return nil
	}
	var dirs []string
	for _, line := range strings.Split(string(out), "\n") {
		if line = strings.TrimSpace(line); filepath.IsAbs(line) {
			dirs = append(dirs, filepath.Dir(line))
		}
	}
	slices.Sort(dirs)
	return slices.Compact(dirs)
}

// uniqueDirs drops repeated folders and folders inside another of dirs (a walk of
// that one finds their fonts), keeping the order of the rest.
func uniqueDirs(dirs []string) []string {
	var out []string
	for i, d := range dirs {
		d = filepath.Clean(d)
		covered := slices.ContainsFunc(dirs, func(o string) bool {
			o = filepath.Clean(o)
			return strings.HasPrefix(d, o+string(filepath.Separator))
		})
		if !covered && !slices.Contains(out, d) && !slices.Contains(dirs[:i], d) {
			out = append(out, d)
		}
	}
	return out
}

// officialFamilies are the family names that make a font the official typeface of a
// role, in order of preference: the names the fonts of Chinese Windows and the 方正
// fonts offices install give themselves, in Chinese and in English. 霞鹜文楷 (LXGW
// WenKai), a freely licensed 楷体 packaged by Linux distributions, comes last for 楷体.
var officialFamilies = [roleCount][]string{
	Body: {"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "方正仿宋简体", "FZFangSong-Z02S",
		"方正仿宋_GBK", "FZFangSong-Z02", "华文仿宋", "STFangsong"},
	Title:   {"方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "FZXiaoBiaoSong-B05", "方正小标宋", "小标宋"},
	Heading: {"黑体", "SimHei", "方正黑体简体", "FZHei-B01S", "方正黑体_GBK", "FZHei-B01", "华文黑体", "STHeiti"},
	Kai: {"楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "方正楷体简体", "FZKai-Z03S", "方正楷体_GBK", "FZKai-Z03",
		"华文楷体", "STKaiti", "霞鹜文楷", "LXGW WenKai"},
}

// fallbackFamilies are the fonts used for characters no role's font has, in order:
// the Extension B fonts of Windows (SimSun-ExtB, MingLiU-ExtB) and HanaMin, a freely
// licensed font with the CJK Extensions A to F (Debian fonts-hanazono).
var fallbackFamilies = []string{"SimSun-ExtB", "SimSun-ExtG", "MingLiU-ExtB", "HanaMinA", "花園明朝A", "HanaMinB", "花園明朝B"}

// OfficialFamilies returns the family names searched for role, for messages.
func OfficialFamilies(role Role) []string {
	if role >= roleCount {
		return nil
	}
	return officialFamilies[role]
}

// fontFile is a font file found in a fonts folder, with the names it gives itself.
type fontFile struct {
	path string // as found; a link keeps its own name, which may be a Windows file name
	real string // with links resolved
	id   fontIdentity
	dir  int // index of the folder it was found in: earlier folders win
}

// fontScan caches the fonts found in a list of folders, for the process: the preview
// and every PDF resolve the fonts, and a fonts folder holds hundreds of files.
// ForgetFonts empties it, so that fonts installed since are found.
var fontScan struct {
	sync.Mutex
	key   string
	files []fontFile
}

// ForgetFonts makes the next search read the fonts folders again.
func ForgetFonts() {
	fontScan.Lock()
	fontScan.key, fontScan.files = "", nil
	fontScan.Unlock()
}

// scanFonts returns the font files in dirs and their subfolders, each file once (a
// symbolic link counts as its target), in the order of dirs.
func scanFonts(dirs []string) []fontFile {
	key := strings.Join(dirs, "\x00")
	fontScan.Lock()
	defer fontScan.Unlock()
	if fontScan.key == key && fontScan.files != nil {
		return fontScan.files
	}
	files := []fontFile{}
	seen := map[string]bool{}
	for i, dir := range dirs {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if d != nil && d.IsDir() && p != dir {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if strings.Count(p[len(dir):], string(filepath.Separator)) > 6 {
					return fs.SkipDir
				}
				return nil
			}
			switch strings.ToLower(filepath.Ext(p)) {
			case ".ttf", ".ttc", ".otf", ".otc":
			default:
				return nil
			}
			real, err := filepath.EvalSymlinks(p)
			key := real + "\x00" + d.Name()
			if err != nil || seen[key] {
				return nil
			}
			seen[key] = true
			id, err := readIdentity(real)
			if err != nil {
				return nil
			}
			files = append(files, fontFile{path: p, real: real, id: id, dir: i})
			return nil
		})
	}
	fontScan.key, fontScan.files = key, files
	return files
}

// rankIn returns the position in names of the first name the font gives itself, or -1.
func (id fontIdentity) rankIn(names []string) int {
	best := -1
	for _, have := range id.names {
		for i, want := range names {
			if strings.EqualFold(have, want) && (best < 0 || i < best) {
				best = i
			}
		}
	}
	return best
}

// roleCandidates returns the files that are the official typeface of role, best
// first: those of the first folder (the data directory's fonts folder) before the
// others, then by the family name they give themselves (officialFamilies; of the
// regular weight) or, failing that, by their file name (officialFiles), then by folder.
func roleCandidates(role Role, files []fontFile) []fontFile {
	type ranked struct {
		fontFile
		rank int
	}
	var out []ranked
	for _, f := range files {
		rank := -1
		if f.id.regular() {
			rank = f.id.rankIn(officialFamilies[role])
		}
		if rank < 0 {
			for i, name := range officialFiles[role] {
				if strings.EqualFold(filepath.Base(f.path), name) {
					rank = len(officialFamilies[role]) + i
					break
				}
			}
		}
		if rank >= 0 {
			out = append(out, ranked{f, rank})
		}
	}
	slices.SortStableFunc(out, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(min(a.dir, 1), min(b.dir, 1)), cmp.Compare(a.rank, b.rank),
			cmp.Compare(a.dir, b.dir), cmp.Compare(a.path, b.path))
	})
	found := make([]fontFile, len(out))
	for i, r := range out {
		found[i] = r.fontFile
	}
	return found
}

// fallbackCandidates returns the files of fallbackFamilies, in that order, each font
// once (Debian links HanaMinA as fonts-japanese-mincho.ttf).
func fallbackCandidates(files []fontFile) []fontFile {
	var out []fontFile
	for _, f := range files {
		dup := slices.ContainsFunc(out, func(o fontFile) bool { return o.real == f.real })
		if f.id.rankIn(fallbackFamilies) >= 0 && !dup {
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b fontFile) int {
		return cmp.Or(cmp.Compare(a.id.rankIn(fallbackFamilies), b.id.rankIn(fallbackFamilies)), cmp.Compare(a.dir, b.dir))
	})
	return out
}
