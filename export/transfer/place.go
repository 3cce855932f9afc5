package transfer

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"backstop/export/archive"
	"backstop/export/safefile"
	"backstop/meeting"
)

// Placer copies a package's archived files into the archive folder of a data
// directory. Its Place method is a meeting.TransferPlace; Undo
// removes what it placed when the import is not committed, Send gives the store
// that keeps the archive's files those it lacks once the import is committed.
type Placer struct {
	pkg     *Package
	dataDir string
	st      meeting.Store // the store importing, nil if unknown
	// keeper is st when it keeps the archive's files (archive.FileKeeper): a path
	// it holds another file under is taken, and the files it lacks are sent to it
	// after the commit.
	keeper  archive.FileKeeper
	placed  []string          // files this placer created
	dirs    []string          // folders this placer created, deepest last
	unsent  map[string]string // the SHA-256 of each placed file the keeper lacks, by path
	markers []string          // the unsent markers this placer created
}

// Placer returns a placer into the archive folder of dataDir.
func (p *Package) Placer(dataDir string) *Placer { return p.PlacerFor(nil, dataDir) }

// PlacerFor returns a placer into the archive folder of dataDir for the store st,
// which may keep the archive's files (see archive.FileKeeper). Place then reads the
// keeper while the store's import transaction is open: the keeper must answer
// File from outside that transaction (the PostgreSQL store reads in a transaction of
// its own, which takes no locks).
func (p *Package) PlacerFor(st meeting.Store, dataDir string) *Placer {
	pl := &Placer{pkg: p, dataDir: dataDir, st: st, unsent: map[string]string{}}
	pl.keeper, _ = archive.Keeper(st)
	return pl
}

// Place copies the file with SHA-256 hash into the archive at suggested, the path
// relative to the archive folder that the sending office recorded, and returns where
// it went. A place that holds the same file already is used as it is; one taken by
// another file (this office's own minutes with the same number and title) is left
// alone, and the file goes into a folder named after the meeting's UID beside it.
func (pl *Placer) Place(hash, suggested, owner string) (string, error) {
	f, ok := pl.pkg.files[hash]
	if !ok {
		return "", meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf(
			"转办包「%s」缺少存档文件（SHA-256 %s）：会议记录引用了它。未导入任何内容。", pl.pkg.name, hash), nil)
	}
	if !validArchivePath(suggested) {
		return "", meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf(
			"转办包「%s」中的存档路径「%s」无效：应为存档目录内的相对路径。未导入任何内容。", pl.pkg.name, suggested), nil)
	}
	rel := suggested
	for attempt := 0; ; attempt++ {
		kept, taken, err := pl.inKeeper(rel, hash)
		if err != nil {
			return "", err
		}
		if kept {
			return rel, nil
		}
		if !taken {
			switch same, err := sameFile(archive.Path(pl.dataDir, rel), hash); {
			case err != nil:
				return "", err
			case same:
				return rel, pl.markUnsent(rel, hash)
			case !fileExists(archive.Path(pl.dataDir, rel)):
				if err := pl.copy(f, rel, hash); err != nil {
					return "", err
				}
				return rel, pl.markUnsent(rel, hash)
			}
		}
		if attempt > 0 {
			return "", meeting.Errorf(meeting.CodeConflict, fmt.Sprintf(
				"存档中已有不同的文件「%s」，转办包中的文件不能放到那里。未导入任何内容。", archive.Path(pl.dataDir, rel)), nil)
		}
		short := owner
		if len(short) > 8 {
			short = short[:8]
		}
		rel = path.Join(path.Dir(suggested)+"-"+archive.SafeName(short), path.Base(suggested))
	}
}

// inKeeper says whether the keeper holds the file with hash at rel (kept), or
// another or damaged file there (taken). Without a keeper both are false.
func (pl *Placer) inKeeper(rel, hash string) (kept, taken bool, err error) {
	if pl.keeper == nil {
		return false, false, nil
	}
	_, err = pl.keeper.File(rel, hash)
	switch meeting.ErrorCode(err) {
	case "":
		return true, false, nil
	case meeting.CodeNotFound:
		return false, false, nil
	case meeting.CodeCorrupt:
		return false, true, nil
	}
	return false, false, err
}

// markUnsent remembers that the keeper lacks the file placed at rel and marks it
// so that Recover sends it should the import commit and the process end before Send.
func (pl *Placer) markUnsent(rel, hash string) error {
	if pl.keeper == nil {
		return nil
	}
	if err := archive.MarkUnsent(pl.st, pl.dataDir, rel); err != nil {
		return err
	}
	pl.unsent[rel] = hash
	pl.markers = append(pl.markers, rel)
	return nil
}

// Send puts the files placed that the keeper lacks into it, once the store has
// committed the import that records them. Without a keeper it does nothing.
func (pl *Placer) Send() error {
	for rel, hash := range pl.unsent {
		if err := archive.Send(pl.st, pl.dataDir, rel, hash); err != nil {
			return err
		}
		delete(pl.unsent, rel)
	}
	pl.markers = nil
	return nil
}

// Undo removes the files and folders the placer created.
func (pl *Placer) Undo() {
	for _, rel := range pl.markers {
		archive.Unmark(pl.dataDir, rel)
	}
	pl.markers, pl.unsent = nil, map[string]string{}
	for _, f := range pl.placed {
		os.Remove(f)
	}
	for i := len(pl.dirs) - 1; i >= 0; i-- {
		os.Remove(pl.dirs[i]) // fails, harmlessly, on a folder that holds other files
	}
	pl.placed, pl.dirs = nil, nil
}

// Placed returns how many files the placer wrote.
func (pl *Placer) Placed() int { return len(pl.placed) }

// copy writes the entry to rel, atomically, checking its SHA-256 on the way.
func (pl *Placer) copy(f interface{ Open() (io.ReadCloser, error) }, rel, hash string) error {
	dst := archive.Path(pl.dataDir, rel)
	if err := pl.mkdirs(filepath.Dir(dst)); err != nil {
		return err
	}
	rc, err := f.Open()
	if err != nil {
		return meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf("无法读取转办包「%s」中的文件 %s。", pl.pkg.name, hash), err)
	}
	defer rc.Close()
	err = safefile.Write(dst, 0o600, func(w io.Writer) error {
		h := sha256.New()
		if _, err := io.Copy(io.MultiWriter(w, h), io.LimitReader(rc, maxFile)); err != nil {
			return err
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != hash {
			return meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf(
				"转办包「%s」中的文件 %s 在复制时校验不符（SHA-256 %s）。未导入任何内容。", pl.pkg.name, hash, got), nil)
		}
		return nil
	})
	if err != nil {
		return err
	}
	pl.placed = append(pl.placed, dst)
	return nil
}

// mkdirs creates dir and its missing parents, remembering which it created.
func (pl *Placer) mkdirs(dir string) error {
	var missing []string
	for d := dir; !fileExists(d); d = filepath.Dir(d) {
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return safefile.Describe(err, dir)
	}
	for i := len(missing) - 1; i >= 0; i-- {
		pl.dirs = append(pl.dirs, missing[i])
	}
	return nil
}

// sameFile reports whether name holds content with the given SHA-256; a missing file
// is not the same.
func sameFile(name, hash string) (bool, error) {
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, safefile.Describe(err, name)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return false, safefile.Describe(err, name)
	}
	return hex.EncodeToString(h.Sum(nil)) == hash, nil
}

func fileExists(name string) bool {
	_, err := os.Lstat(name)
	return err == nil
}

// validArchivePath accepts a path inside the archive folder: relative,
// slash-separated, without "." or ".." elements, hidden names or drive letters.
func validArchivePath(p string) bool {
	if p == "" || !fs.ValidPath(p) || strings.ContainsAny(p, "\\:") {
		return false
	}
	for _, part := range strings.Split(p, "/") {
		if strings.HasPrefix(part, ".") {
			return false
		}
	}
	return true
}

// Import checks the package at file and hands its records to in, together with the
// sending office's name and a place function for its archived files (in is the
// store's TransferIn). If in fails, the files placed are removed again. Nothing is
// stored from a package that does not pass its checks.
func Import[R any](file, dataDir string, in func(from string, records map[string][]byte, place func(hash, suggested, owner string) (string, error)) (R, error)) (R, Manifest, error) {
	return ImportTo(nil, file, dataDir, in)
}

// ImportTo is Import into the store st (whose TransferIn in is): when st keeps the
// archive's files (see archive.FileKeeper), a path it holds another file under is
// not used, and the files placed are sent to it once in has committed. Should that
// fail, the report is returned with an error saying so; Recover sends them later.
func ImportTo[R any](st meeting.Store, file, dataDir string, in func(from string, records map[string][]byte, place func(hash, suggested, owner string) (string, error)) (R, error)) (R, Manifest, error) {
	var zero R
	pkg, err := Open(file)
	if err != nil {
		return zero, Manifest{}, err
	}
	defer pkg.Close()
	pl := pkg.PlacerFor(st, dataDir)
	rep, err := in(pkg.Manifest.From, pkg.Records, pl.Place)
	if err != nil {
		pl.Undo()
		return zero, pkg.Manifest, err
	}
	return rep, pkg.Manifest, pl.Send()
}
