package archive

import (
	"bytes"
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

	"backstop/export"
	"backstop/export/safefile"
	"backstop/meeting"
)

// FileKeeper is a store that keeps the archive's files itself, as the PostgreSQL
// store does, so that every PC sharing it can print and verify any revision. The
// archive folder of each PC is then a cache: a file in it is used only when it has
// the SHA-256 the store records, and fetched from the keeper when it is missing or
// differs. A bbolt store is no FileKeeper: its archive folder is the archive.
//
// PutFile stores a file under its path relative to the archive folder
// (slash-separated) with its SHA-256 in hex; storing the same file again is
// harmless, another file under a taken path is refused with CodeConflict. File
// returns the stored bytes after checking they have the SHA-256 hash, with
// CodeNotFound when the keeper has no file under path and CodeCorrupt when its
// bytes do not match. FileHashes returns the SHA-256 of every file it keeps, by
// path.
type FileKeeper interface {
	PutFile(path string, content []byte, hash string) error
	File(path, hash string) ([]byte, error)
	FileHashes() (map[string]string, error)
}

// Keeper returns the store as a FileKeeper when it keeps the archive's files.
func Keeper(st meeting.Store) (FileKeeper, bool) {
	if st == nil {
		return nil, false
	}
	k, ok := st.(FileKeeper)
	return k, ok
}

// unsentPrefix names the marker beside an archive file that was written here but may
// not be in the keeper yet: ".backstop-unsent-r1.pdf" beside r1.pdf. It is created
// before the store commits the file's record and removed once the keeper has the
// file, so that Recover knows which files a crash between the commit and the upload
// left unsent.
const unsentPrefix = ".backstop-unsent-"

// unsentMarker returns the marker's path on this system for an archive file.
func unsentMarker(dataDir, rel string) string {
	return Path(dataDir, path.Join(path.Dir(rel), unsentPrefix+path.Base(rel)))
}

// markUnsent creates the unsent marker of rel when the store keeps the archive's
// files; it must run before the store commits the record naming rel.
func markUnsent(st meeting.Store, dataDir, rel string) error {
	if _, ok := Keeper(st); !ok {
		return nil
	}
	return safefile.Write(unsentMarker(dataDir, rel), fileMode, func(io.Writer) error { return nil })
}

// MarkUnsent notes beside the archive file rel, just written into the archive
// folder and not yet recorded, that it is to be sent to the store once the store has
// recorded it (see Send). Without a keeper it does nothing. A writer of archive
// files outside this package (the transfer package's placer) calls it before the
// store commits the record and Send after, so that Recover sends the file should a
// crash come between.
func MarkUnsent(st meeting.Store, dataDir, rel string) error { return markUnsent(st, dataDir, rel) }

// Unmark removes the unsent marker of rel: its record was not committed.
func Unmark(dataDir, rel string) { os.Remove(unsentMarker(dataDir, rel)) }

// Send puts the archive file rel, recorded by the store with SHA-256 hash, into the
// store when it keeps the archive's files, from the local copy, and removes the
// unsent marker (see MarkUnsent). Without a keeper it does nothing.
func Send(st meeting.Store, dataDir, rel, hash string) error {
	return send(st, dataDir, rel, hash, "存档文件")
}

// send puts the archive file rel, just recorded by the store, into the keeper from
// the local copy and removes its unsent marker. Without a keeper it does nothing.
// what names the file for the person ("会议纪要〔2026〕3号第 1 版的定稿 PDF"); the
// error says that the record is saved and the upload is retried when Backstop opens.
func send(st meeting.Store, dataDir, rel, hash, what string) error {
	k, ok := Keeper(st)
	if !ok {
		return nil
	}
	if err := upload(k, dataDir, rel, hash); err != nil {
		return meeting.Errorf(meeting.CodeStorage, fmt.Sprintf(
			"%s（%s）已保存在本机并已登记，但未能上传到数据库：%s 其他电脑暂时无法打开该文件；下次打开 Backstop 时会自动补传，也可以运行 backstop verify --all。",
			what, rel, meeting.ErrorMessage(err)), err)
	}
	os.Remove(unsentMarker(dataDir, rel))
	return nil
}

// upload puts the local copy of rel into the keeper after checking it has hash.
func upload(k FileKeeper, dataDir, rel, hash string) error {
	content, err := readChecked(dataDir, rel, hash)
	if err != nil {
		return err
	}
	return k.PutFile(rel, content, hash)
}

// readChecked reads the local copy of rel, refusing it unless it has hash.
func readChecked(dataDir, rel, hash string) ([]byte, error) {
	name := Path(dataDir, rel)
	content, err := os.ReadFile(name)
	if err != nil {
		return nil, safefile.Describe(err, name)
	}
	if got := hashOf(content); got != hash {
		return nil, meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf(
			"本机存档文件「%s」的 SHA-256 为 %s，与记录的 %s 不一致，不能使用。", name, got, hash), nil)
	}
	return content, nil
}

// Local returns the path on this system of the archive file recorded at rel
// (relative to the archive folder) with SHA-256 hash, after making sure the file
// there has that hash. A store that keeps the archive's files (see FileKeeper)
// supplies the file when the local copy is missing or differs: it is written into
// the archive folder atomically, replacing the bad copy, which is never used. When
// the keeper lacks the file too, a good local copy is sent to it, and a revision's
// PDF is rendered again from its snapshot, which gives the same bytes. Without a
// keeper the local file is checked as it is. The error says in Chinese which file is
// missing or altered and what to do.
//
// Use it wherever an archive file is read: the path it returns is good at the moment
// it returns, and readers still check the hash of what they read.
func Local(st meeting.Store, dataDir, rel, hash string) (string, error) {
	if rel == "" || !fs.ValidPath(rel) || strings.Contains(rel, "\\") {
		return "", meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("存档记录中的文件路径「%s」无效，无法打开。请运行 backstop verify --all 检查存档。", rel), nil)
	}
	hash = strings.ToLower(hash)
	name := Path(dataDir, rel)
	got, _, err := hashFile(name)
	if err == nil && got == hash {
		return name, nil
	}
	k, ok := Keeper(st)
	if !ok {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return "", meeting.Errorf(meeting.CodeNotFound, fmt.Sprintf(
				"存档文件「%s」缺失。请从备份中恢复该文件，或运行 backstop verify --all 检查存档。", name), err)
		case err != nil:
			return "", meeting.Errorf(meeting.CodeStorage, fmt.Sprintf("无法读取存档文件「%s」。请检查文件夹的权限和磁盘。", name), err)
		}
		return "", meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf(
			"存档文件「%s」已被改动或损坏：SHA-256 为 %s，与记录的 %s 不一致，不能使用。请从备份中恢复该文件，或运行 backstop verify --all 检查存档。", name, got, hash), nil)
	}
	content, kerr := k.File(rel, hash)
	if meeting.ErrorCode(kerr) == meeting.CodeNotFound {
		// The keeper never received it: heal it from here if this PC can.
		content, kerr = heal(st, k, dataDir, rel, hash)
	}
	if kerr != nil {
		return "", kerr
	}
	if err := writeCache(name, content); err != nil {
		return "", err
	}
	return name, nil
}

// heal puts a file the keeper lacks into it: the local copy when it has the recorded
// hash, else, for a revision's PDF, the PDF rendered again from the revision's
// snapshot when that gives the recorded bytes. It returns the file's content, or a
// message saying that no copy is left and what to do.
func heal(st meeting.Store, k FileKeeper, dataDir, rel, hash string) ([]byte, error) {
	content, err := readChecked(dataDir, rel, hash)
	if err != nil && pdfName.MatchString(path.Base(rel)) {
		content, err = rerender(st, dataDir, rel, hash)
	}
	if err != nil {
		return nil, meeting.Errorf(meeting.CodeNotFound, fmt.Sprintf(
			"存档文件 %s 不在数据库中，本机也没有与记录一致的副本。请在定稿或附加该文件的电脑上打开 Backstop（会自动补传），或从备份中恢复该文件。", rel), nil)
	}
	if err := k.PutFile(rel, content, hash); err != nil {
		return nil, err
	}
	return content, nil
}

// rerender renders the revision whose PDF is recorded at rel again from its snapshot
// and returns the bytes if they have the recorded hash (the same fonts give the same
// bytes), writing them into the local archive as well.
func rerender(st meeting.Store, dataDir, rel, hash string) ([]byte, error) {
	ms, err := st.Meetings(meeting.MeetingFilter{})
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		for _, rev := range m.Revisions {
			if rev.PDFPath != rel || rev.PDFHash != hash {
				continue
			}
			mn, err := st.RevisionMinutes(m.ID, rev.N)
			if err != nil {
				return nil, err
			}
			fonts, _, _ := export.FontsFor(dataDir)
			var b bytes.Buffer
			if _, err := export.WriteMinutes(&b, &mn, export.Options{Fonts: fonts}); err != nil {
				return nil, err
			}
			if hashOf(b.Bytes()) != hash {
				return nil, meeting.Errorf(meeting.CodeNotFound, fmt.Sprintf(
					"重新生成的 %s 与记录的 SHA-256 不一致（可能是本机的公文字体设置不同）。", rel), nil)
			}
			if err := writeCache(Path(dataDir, rel), b.Bytes()); err != nil {
				return nil, err
			}
			return b.Bytes(), nil
		}
	}
	return nil, meeting.Errorf(meeting.CodeNotFound, fmt.Sprintf("没有定稿记录名为 %s 的 PDF。", rel), nil)
}

// writeCache writes content to the archive folder at name, atomically, creating its
// folders.
func writeCache(name string, content []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), dirMode); err != nil {
		return safefile.Describe(err, name)
	}
	return safefile.Write(name, fileMode, func(w io.Writer) error {
		_, err := w.Write(content)
		return err
	})
}

// hashOf returns the SHA-256 of b in hex.
func hashOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
