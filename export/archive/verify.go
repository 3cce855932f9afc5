package archive

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"

	"backstop/export"
	"backstop/meeting"
)

// Kinds of archived file.
const (
	KindPDF  = "pdf"  // a revision's minutes
	KindScan = "scan" // a signed scan of a revision
	// KindReceipt is a department's signed receipt of its excerpt.
	KindReceipt = "receipt"
	// KindExcerpt is a department's excerpt (分送件) of a revision, recognised by the
	// fingerprint in its metadata: excerpts are not archived, so no hash is on record.
	KindExcerpt = "excerpt"
)

// Match says which archived file a file is: the same SHA-256 as a revision's PDF or
// a signed scan. The zero Match (Meeting 0) means no record matches.
type Match struct {
	Meeting  meeting.ID
	Number   meeting.DocNumber
	Title    string
	Revision int
	Kind     string // KindPDF or KindScan
	Path     string // recorded path, relative to the archive folder
	Hash     string // SHA-256 hex
	// Department is the department of an excerpt or receipt.
	Department string
	// Regenerated reports, for an excerpt, whether the file is byte for byte the
	// excerpt the archived revision gives today (same content and fonts); false
	// means only its metadata names the revision.
	Regenerated bool
}

// Found reports whether a record matched.
func (m Match) Found() bool { return m.Meeting != 0 }

// String describes the match in Chinese.
func (m Match) String() string {
	if !m.Found() {
		return fmt.Sprintf("该文件（SHA-256 %s）与存档中的任何定稿 PDF 或签字扫描件都不一致。", m.Hash)
	}
	what := "定稿 PDF"
	switch m.Kind {
	case KindScan:
		what = "签字扫描件"
	case KindReceipt:
		what = "「" + m.Department + "」分送件的签收回执"
	case KindExcerpt:
		s := fmt.Sprintf("该文件是会议纪要%s「%s」（会议 ID %d）第 %d 版发给「%s」的分送件（SHA-256 %s）。", m.Number, m.Title, m.Meeting, m.Revision, m.Department, m.Hash)
		if m.Regenerated {
			return s + "内容与按存档重新生成的分送件逐字节一致。"
		}
		return s + "分送件不存档，此结论依据文件元数据中的纪要指纹；按存档重新生成的分送件与它不逐字节一致（可能是字体设置已更改，或文件被改动过），请对照纸质件核对内容。"
	}
	return fmt.Sprintf("该文件是会议纪要%s「%s」（会议 ID %d）第 %d 版的%s（存档为 %s，SHA-256 %s）。", m.Number, m.Title, m.Meeting, m.Revision, what, m.Path, m.Hash)
}

// VerifyFile hashes a file and finds the archived PDF or signed scan with the same
// SHA-256 in any revision of any meeting (核验). A file that matches none returns a
// Match that is not Found and no error: a changed byte changes the hash.
func VerifyFile(st meeting.Store, dataDir, file string) (Match, error) {
	hash, _, err := hashFile(file)
	if err != nil {
		msg := fmt.Sprintf("无法读取要核验的文件「%s」。", file)
		if errors.Is(err, fs.ErrNotExist) {
			msg = fmt.Sprintf("要核验的文件「%s」不存在。", file)
		}
		return Match{}, meeting.Errorf(meeting.CodeInvalid, msg, err)
	}
	ms, err := st.Meetings(meeting.MeetingFilter{})
	if err != nil {
		return Match{}, err
	}
	for _, m := range ms {
		for _, rev := range m.Revisions {
			found := Match{Meeting: m.ID, Number: m.Number, Title: m.Title, Revision: rev.N, Hash: hash}
			if rev.PDFHash == hash {
				found.Kind, found.Path = KindPDF, rev.PDFPath
				return found, nil
			}
			for _, sc := range rev.Scans {
				if sc.Hash == hash {
					found.Kind, found.Path = KindScan, sc.Path
					return found, nil
				}
			}
			for _, d := range rev.Deliveries {
				if d.Receipt != nil && d.Receipt.Hash == hash {
					found.Kind, found.Path, found.Department = KindReceipt, d.Receipt.Path, d.Department
					return found, nil
				}
			}
		}
	}
	return verifyExcerpt(st, dataDir, file, hash, ms)
}

// verifyExcerpt recognises an excerpt by the fingerprint, revision and department in
// its metadata, and renders that department's excerpt of the archived revision again
// to see whether the file is exactly it.
func verifyExcerpt(st meeting.Store, dataDir, file, hash string, ms []meeting.Meeting) (Match, error) {
	kw, err := pdfKeywords(file)
	if err != nil || kw["backstop-excerpt"] != "true" || kw["backstop-fingerprint"] == "" {
		return Match{Hash: hash}, nil
	}
	department, err := url.PathUnescape(kw["backstop-department"])
	if err != nil || department == "" {
		return Match{Hash: hash}, nil
	}
	for _, m := range ms {
		for _, rev := range m.Revisions {
			if rev.Fingerprint != kw["backstop-fingerprint"] {
				continue
			}
			found := Match{Meeting: m.ID, Number: m.Number, Title: m.Title, Revision: rev.N, Hash: hash, Kind: KindExcerpt, Department: department}
			mn, err := st.RevisionMinutes(m.ID, rev.N)
			if err != nil {
				return found, nil
			}
			fonts, _, _ := export.FontsFor(dataDir)
			h := sha256.New()
			if _, err := export.WriteExcerpt(h, &mn, department, export.Options{Fonts: fonts}); err == nil {
				found.Regenerated = hex.EncodeToString(h.Sum(nil)) == hash
			}
			return found, nil
		}
	}
	return Match{Hash: hash}, nil
}

// Problem is one thing VerifyAll found wrong.
type Problem struct {
	Meeting  meeting.ID
	Revision int    // 0 when the problem is not about one revision
	Path     string // the archived file, relative to the archive folder; "" for a chain problem
	Message  string // Chinese, naming the meeting, the revision and the file
}

func (p Problem) String() string { return p.Message }

// VerifyAll checks every archived file against its record: every revision's PDF and
// every signed scan must be present with the recorded SHA-256, every finalized
// revision must have its PDF, and the revisions must form an intact chain (see
// meeting.Store.VerifyAll). When the store keeps the archive's files (see
// FileKeeper), the files checked are the store's, and the local cache is repaired
// from them: a PC that never had a file verifies it all the same. It returns every problem found; the error is for a store
// that cannot be read.
func VerifyAll(st meeting.Store, dataDir string) ([]Problem, error) {
	ms, err := st.Meetings(meeting.MeetingFilter{})
	if err != nil {
		return nil, err
	}
	var ps []Problem
	for _, m := range ms {
		for _, rev := range m.Revisions {
			name := fmt.Sprintf("会议纪要%s（会议 ID %d）第 %d 版", m.Number, m.ID, rev.N)
			if rev.PDFPath == "" {
				ps = append(ps, Problem{m.ID, rev.N, "", name + "的定稿 PDF 尚未存档；重新打开数据即可补写。"})
			} else if p, bad := checkFile(st, dataDir, rev.PDFPath, rev.PDFHash, name+"的定稿 PDF"); bad {
				ps = append(ps, Problem{m.ID, rev.N, rev.PDFPath, p})
			}
			for k, sc := range rev.Scans {
				what := fmt.Sprintf("%s的第 %d 份签字扫描件", name, k+1)
				if p, bad := checkFile(st, dataDir, sc.Path, sc.Hash, what); bad {
					ps = append(ps, Problem{m.ID, rev.N, sc.Path, p})
				}
			}
			for _, d := range rev.Deliveries {
				if d.Receipt == nil {
					continue
				}
				what := fmt.Sprintf("%s「%s」分送件的签收回执", name, d.Department)
				if p, bad := checkFile(st, dataDir, d.Receipt.Path, d.Receipt.Hash, what); bad {
					ps = append(ps, Problem{m.ID, rev.N, d.Receipt.Path, p})
				}
			}
		}
	}
	chain, err := st.VerifyAll()
	if err != nil {
		return ps, err
	}
	for _, c := range chain {
		ps = append(ps, Problem{Meeting: c.Meeting, Revision: c.Revision, Message: c.Message})
	}
	return ps, nil
}

// checkFile compares an archived file with its recorded hash and describes what is
// wrong, if anything. When the store keeps the archive's files, the file checked is
// the store's (see checkKept).
func checkFile(st meeting.Store, dataDir, rel, want, what string) (string, bool) {
	if k, ok := Keeper(st); ok {
		return checkKept(st, k, dataDir, rel, want, what)
	}
	got, _, err := hashFile(Path(dataDir, rel))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("%s缺失：存档中找不到 %s。", what, rel), true
	case err != nil:
		return fmt.Sprintf("%s（%s）无法读取：%v", what, rel, err), true
	case got != want:
		return fmt.Sprintf("%s已被改动：%s 的 SHA-256 为 %s，与存档记录的 %s 不一致。", what, rel, got, want), true
	}
	return "", false
}

// checkKept checks the keeper's copy of an archived file against its recorded hash,
// sending the keeper a file it lacks when this PC can (see heal), and brings the
// local cache in line with it, so that a PC that never had the file verifies it and
// has it afterwards.
func checkKept(st meeting.Store, k FileKeeper, dataDir, rel, want, what string) (string, bool) {
	content, err := k.File(rel, want)
	if meeting.ErrorCode(err) == meeting.CodeNotFound {
		content, err = heal(st, k, dataDir, rel, want)
	}
	if err != nil {
		return fmt.Sprintf("%s（%s）：%s", what, rel, meeting.ErrorMessage(err)), true
	}
	name := Path(dataDir, rel)
	if got, _, err := hashFile(name); err == nil && got == want {
		return "", false
	}
	if err := writeCache(name, content); err != nil {
		return fmt.Sprintf("%s在数据库中核验无误，但无法写入本机缓存「%s」：%s", what, name, meeting.ErrorMessage(err)), true
	}
	return "", false
}
