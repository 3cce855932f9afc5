package archive

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"sort"
	"strings"
	"time"

	"backstop/meeting"
)

// BundleFormat identifies the manifest of a package for the records office.
const BundleFormat = "backstop-archive-export/1"

// Manifest is manifest.json in a package for the records office: what the package
// holds, with the SHA-256 of every file and each meeting's chain of revisions, so
// that the office can check the package without Backstop.
type Manifest struct {
	Format   string            `json:"format"`
	Year     int               `json:"year"`
	Created  time.Time         `json:"created"`
	Meetings []ManifestMeeting `json:"meetings"`
	Files    []ManifestFile    `json:"files"` // every file in the package but the manifest, in path order
}

// ManifestMeeting is one meeting's record and its chain: each revision names the
// fingerprint of the one it replaces.
type ManifestMeeting struct {
	ID        meeting.ID         `json:"id"`
	Number    string             `json:"number"`
	Title     string             `json:"title"`
	State     meeting.State      `json:"state"`
	Folder    string             `json:"folder"` // in the package, holding meeting.json, audit.json and the files
	Revisions []meeting.Revision `json:"revisions"`
}

// ManifestFile is one file in the package.
type ManifestFile struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// ExportYear writes a zip package of every meeting numbered in year for the records
// office (归档导出): for each meeting its minutes and audit log as JSON, every
// revision's PDF, every signed scan, and manifest.json (see Manifest). Archived
// files are checked against their recorded SHA-256 as they are copied, and the
// package is refused if any file is missing or altered, a PDF is pending, or a
// chain is broken: the office must receive what was signed. at dates the package
// and its entries, so the same archive gives the same bytes.
func ExportYear(st meeting.Store, dataDir string, year int, w io.Writer, at time.Time) (Manifest, error) {
	man := Manifest{Format: BundleFormat, Year: year, Created: at.UTC().Truncate(time.Second)}
	all, err := st.Meetings(meeting.MeetingFilter{})
	if err != nil {
		return man, err
	}
	var ms []meeting.Meeting
	for _, m := range all {
		if m.Number.Year == year && len(m.Revisions) > 0 {
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		return man, meeting.Errorf(meeting.CodeNotFound, fmt.Sprintf("%d 年没有已定稿的会议纪要，无可导出。", year), nil)
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Number.Seq < ms[j].Number.Seq })
	if ps, err := VerifyAll(st, dataDir); err != nil {
		return man, err
	} else if ps = problemsOf(ps, ms); len(ps) > 0 {
		msgs := make([]string, len(ps))
		for i, p := range ps {
			msgs[i] = p.Message
		}
		return man, meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf("存档核验未通过，不能导出 %d 年的归档包：%s", year, strings.Join(msgs, "；")), nil)
	}

	zw := zip.NewWriter(w)
	add := func(name string, content io.Reader) (ManifestFile, error) {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: man.Created})
		if err != nil {
			return ManifestFile{}, err
		}
		h := sha256.New()
		n, err := io.Copy(io.MultiWriter(fw, h), content)
		f := ManifestFile{Path: name, SHA256: hex.EncodeToString(h.Sum(nil)), Size: n}
		man.Files = append(man.Files, f)
		return f, err
	}
	for _, m := range ms {
		folder := meetingFolder(&m, m.Title)
		mm := ManifestMeeting{ID: m.ID, Number: m.Number.String(), Title: m.Title, State: m.State, Folder: folder, Revisions: m.Revisions}
		man.Meetings = append(man.Meetings, mm)
		mn, err := st.Minutes(m.ID)
		if err != nil {
			return man, err
		}
		audit, err := st.Audit(m.ID)
		if err != nil {
			return man, err
		}
		for _, doc := range []struct {
			name  string
			value any
		}{{"meeting.json", mn}, {"audit.json", audit}} {
			b, err := json.MarshalIndent(doc.value, "", "  ")
			if err != nil {
				return man, meeting.Errorf(meeting.CodeInternal, "无法生成会议 JSON。", err)
			}
			if _, err := add(path.Join(folder, doc.name), bytes.NewReader(b)); err != nil {
				return man, err
			}
		}
		for _, rev := range m.Revisions {
			if err := addArchived(add, st, dataDir, rev.PDFPath, rev.PDFHash); err != nil {
				return man, err
			}
			for _, sc := range rev.Scans {
				if err := addArchived(add, st, dataDir, sc.Path, sc.Hash); err != nil {
					return man, err
				}
			}
			for _, d := range rev.Deliveries {
				if d.Receipt != nil {
					if err := addArchived(add, st, dataDir, d.Receipt.Path, d.Receipt.Hash); err != nil {
						return man, err
					}
				}
			}
		}
	}
	sort.Slice(man.Files, func(i, j int) bool { return man.Files[i].Path < man.Files[j].Path })
	b, err := json.MarshalIndent(man, "", "  ")
	if err != nil {
		return man, meeting.Errorf(meeting.CodeInternal, "无法生成 manifest.json。", err)
	}
	fw, err := zw.CreateHeader(&zip.FileHeader{Name: "manifest.json", Method: zip.Deflate, Modified: man.Created})
	if err != nil {
		return man, err
	}
	if _, err := fw.Write(b); err != nil {
		return man, err
	}
	return man, zw.Close()
}

// addArchived copies an archived file into the package, refusing it if its content
// no longer has the recorded hash (it may have changed since VerifyAll read it). The
// file is read through Local, so that a store that keeps the archive's files
// supplies one this PC lacks.
func addArchived(add func(string, io.Reader) (ManifestFile, error), st meeting.Store, dataDir, rel, hash string) error {
	name, err := Local(st, dataDir, rel, hash)
	if err != nil {
		return err
	}
	f, err := os.Open(name)
	if err != nil {
		return meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf("无法读取存档文件 %s。", rel), err)
	}
	defer f.Close()
	got, err := add(rel, f)
	if err != nil {
		return err
	}
	if got.SHA256 != hash {
		return meeting.Errorf(meeting.CodeCorrupt, fmt.Sprintf("存档文件 %s 在导出过程中被改动（SHA-256 %s，记录为 %s），已停止导出。", rel, got.SHA256, hash), nil)
	}
	return nil
}

// problemsOf keeps the problems about the given meetings.
func problemsOf(ps []Problem, ms []meeting.Meeting) []Problem {
	ids := make(map[meeting.ID]bool, len(ms))
	for _, m := range ms {
		ids[m.ID] = true
	}
	var kept []Problem
	for _, p := range ps {
		if ids[p.Meeting] {
			kept = append(kept, p)
		}
	}
	return kept
}
