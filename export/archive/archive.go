// Package archive owns the archive folder under the data directory: where each
// revision's PDF and each signed scan lives, writing them so that the database
// record is committed only once the file is in place, recovering after a crash, and
// checking files against their recorded SHA-256. It drives meeting.Store and
// export; it knows nothing of bbolt or of the window.
//
// Layout, relative to <data>/archive:
//
//	<year>/<number>-<sanitized title>/r<N>.pdf         revision N's minutes
//	<year>/<number>-<sanitized title>/scan-r<N>-<k>.<ext>  k-th signed scan of revision N
//
// The folder is named when the first PDF is archived and kept for later revisions,
// also when an amendment changes the title.
package archive

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"backstop/export"
	"backstop/export/safefile"
	"backstop/meeting"
)

// Folder is the archive folder's name inside the data directory.
const Folder = "archive"

// Modes of what the archive creates: only the user may read the minutes.
const (
	dirMode  fs.FileMode = 0o700
	fileMode fs.FileMode = 0o600
)

// writeFile writes a file atomically; tests replace it to simulate a full disk.
var writeFile = safefile.Write

// Dir returns the archive folder of a data directory.
func Dir(dataDir string) string { return filepath.Join(dataDir, Folder) }

// Path turns a path recorded relative to the archive folder (slash-separated) into
// the file's path on this system.
func Path(dataDir, rel string) string {
	return filepath.Join(Dir(dataDir), filepath.FromSlash(rel))
}

// meetingFolder returns the meeting's folder relative to the archive folder: the one
// its PDFs already use, or a new one from its number and title.
func meetingFolder(m *meeting.Meeting, title string) string {
	for _, rev := range m.Revisions {
		if rev.PDFPath != "" {
			return path.Dir(rev.PDFPath)
		}
	}
	return fmt.Sprintf("%d/%d-%s", m.Number.Year, m.Number.Seq, SafeName(title))
}

// Finalize finalizes the meeting's draft as its next revision (定稿) together with
// its PDF: inside the store's finalizing transaction it renders the revision, writes
// the PDF into the archive atomically and has the store record the file's SHA-256
// (meeting.Store.FinalizeWith). If the PDF cannot be written (a full disk, a
// read-only folder) or the store does not commit, the error says why in Chinese, the
// meeting stays a draft without a number, and no file is left behind. A crash
// between the file's rename and the commit leaves a PDF no record names, which
// Recover removes.
//
// When the store keeps the archive's files (see FileKeeper), the PDF is put into it
// right after the commit. Should that fail, Finalize returns the finalized minutes
// together with an error saying so: the revision is finalized, and Recover sends the
// file when Backstop next opens (the unsent marker beside the PDF says which).
func Finalize(st meeting.Store, dataDir string, id meeting.ID, at time.Time) (meeting.Minutes, error) {
	var folder, placed, marked string
	mn, err := st.FinalizeWith(id, at, func(mn meeting.Minutes) (meeting.PDFFile, error) {
		folder = meetingFolder(&mn.Meeting, mn.Meeting.Title)
		pdf, err := writePDF(dataDir, &mn, folder, len(mn.Meeting.Revisions))
		if err != nil {
			return meeting.PDFFile{}, meeting.Errorf(meeting.ErrorCode(err),
				meeting.ErrorMessage(err)+"定稿未完成：会议纪要仍是草稿，没有占用文号。", err)
		}
		placed = Path(dataDir, pdf.Path)
		if err := markUnsent(st, dataDir, pdf.Path); err != nil {
			return meeting.PDFFile{}, err
		}
		marked = pdf.Path
		return pdf, nil
	})
	if err != nil {
		if placed != "" {
			// The file is in place but its record was not committed: nothing names it.
			os.Remove(placed)
		}
		if marked != "" {
			os.Remove(unsentMarker(dataDir, marked))
		}
		if folder != "" {
			// The meeting's and the year's folders, if this finalize created them:
			// removing a folder that holds files fails and changes nothing.
			os.Remove(Path(dataDir, folder))
			os.Remove(Path(dataDir, path.Dir(folder)))
		}
		return meeting.Minutes{}, err
	}
	// The store may not be called inside FinalizeWith's place, and before it the
	// revision has no number: the keeper gets the file once the record is committed.
	// A crash in between leaves the unsent marker, and Recover sends the file.
	rev, _ := mn.Meeting.LastRevision()
	return mn, send(st, dataDir, rev.PDFPath, rev.PDFHash, revisionName(&mn.Meeting, rev.N)+"的定稿 PDF")
}

// revisionName names a revision of a meeting for messages.
func revisionName(m *meeting.Meeting, n int) string {
	return fmt.Sprintf("会议纪要%s（会议 ID %d）第 %d 版", m.Number, m.ID, n)
}

// archivePDF renders a finalized revision whose PDF is pending from its snapshot,
// writes it into the archive and records it.
func archivePDF(st meeting.Store, dataDir string, ref meeting.RevisionRef) error {
	m, err := st.Meeting(ref.Meeting)
	if err != nil {
		return err
	}
	mn, err := st.RevisionMinutes(ref.Meeting, ref.Revision)
	if err != nil {
		return err
	}
	pdf, err := writePDF(dataDir, &mn, meetingFolder(&m, mn.Meeting.Title), ref.Revision)
	if err != nil {
		return err
	}
	if err := markUnsent(st, dataDir, pdf.Path); err != nil {
		return err
	}
	if err := st.RecordPDF(ref.Meeting, ref.Revision, pdf.Path, pdf.Hash, pdf.Fonts...); err != nil {
		return err
	}
	return send(st, dataDir, pdf.Path, pdf.Hash, revisionName(&m, ref.Revision)+"的定稿 PDF")
}

// writePDF renders revision n's minutes into r<n>.pdf of the meeting's folder
// (relative to the archive folder), atomically, and returns the file's path
// relative to the archive folder, its SHA-256 and the fonts it is set in. It refuses
// to replace a file that is there already: after Recover, such a file is one a record
// names.
func writePDF(dataDir string, mn *meeting.Minutes, folder string, n int) (meeting.PDFFile, error) {
	rel := path.Join(folder, fmt.Sprintf("r%d.pdf", n))
	dst := Path(dataDir, rel)
	if err := os.MkdirAll(filepath.Dir(dst), dirMode); err != nil {
		return meeting.PDFFile{}, safefile.Describe(err, dst)
	}
	if _, err := os.Lstat(dst); err == nil {
		return meeting.PDFFile{}, meeting.Errorf(meeting.CodeConflict, fmt.Sprintf(
			"存档中已有文件「%s」，不能覆盖。请重新启动 Backstop（会清理未登记的文件）后重试，或运行 backstop verify --all 检查存档。", dst), nil)
	}
	// The fonts of the 公文字体 setting in the data directory, as the application and
	// the command line both use; a setting that cannot be read means the embedded fonts.
	fonts, _, _ := export.FontsFor(dataDir)
	h := sha256.New()
	var rep export.Report
	err := writeFile(dst, fileMode, func(w io.Writer) error {
		disk := &diskWriter{w: w}
		var err error
		rep, err = export.WriteMinutes(io.MultiWriter(disk, h), mn, export.Options{Fonts: fonts})
		if disk.err != nil {
			return disk.err // the disk's own error, which safefile.Describe explains
		}
		return err
	})
	if err != nil {
		return meeting.PDFFile{}, err
	}
	return meeting.PDFFile{Path: rel, Hash: hex.EncodeToString(h.Sum(nil)), Fonts: rep.Fonts}, nil
}

// Recover brings the archive in line with the store after a crash or a failed
// write; call it whenever the store is opened. It removes the temporary files an
// interrupted write left in the archive's folders, removes the revision PDFs and
// signed scans no record names (a finalize or an attach that crashed between the
// file's rename and the commit was not acknowledged, so nothing refers to them), and
// writes and records the PDF of every finalized revision that has none (see
// meeting.Store.PendingPDFs). When the store keeps the archive's files (see
// FileKeeper), it also sends it every file this PC recorded but did not get to send
// (a crash between the commit and the upload), and every PDF it writes. It returns
// how many PDFs it wrote. It must run before anything else uses the archive: a
// finalize under way would lose its file.
func Recover(st meeting.Store, dataDir string) (int, error) {
	if err := removeStrays(Dir(dataDir)); err != nil {
		return 0, err
	}
	recorded, err := removeUnrecorded(st, dataDir)
	if err != nil {
		return 0, err
	}
	if err := sendUnsent(st, dataDir, recorded); err != nil {
		return 0, err
	}
	if err := sendMissing(st, dataDir, recorded); err != nil {
		return 0, err
	}
	refs, err := st.PendingPDFs()
	if err != nil {
		return 0, err
	}
	for i, ref := range refs {
		if err := archivePDF(st, dataDir, ref); err != nil {
			return i, err
		}
	}
	return len(refs), nil
}

// sendUnsent puts into the keeper every recorded file whose unsent marker is still
// in the archive folder (a crash or a lost connection came between the commit and
// the upload), from the local copy, or for a PDF rendered again; it removes the
// markers of files sent and of files no record names. Without a keeper it does
// nothing: the markers wait for the store that keeps the files.
func sendUnsent(st meeting.Store, dataDir string, recorded map[string]string) error {
	k, ok := Keeper(st)
	if !ok {
		return nil
	}
	root := Dir(dataDir)
	var failed []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root && os.IsNotExist(err) {
				return fs.SkipAll
			}
			return err
		}
		if d.IsDir() || !strings.HasPrefix(d.Name(), unsentPrefix) {
			return nil
		}
		dir, err := filepath.Rel(root, filepath.Dir(p))
		if err != nil {
			return err
		}
		rel := path.Join(filepath.ToSlash(dir), strings.TrimPrefix(d.Name(), unsentPrefix))
		hash, ok := recorded[rel]
		if !ok {
			return os.Remove(p) // the record was never committed; its file is gone
		}
		if _, err := heal(st, k, dataDir, rel, hash); err != nil {
			failed = append(failed, meeting.ErrorMessage(err))
			return nil
		}
		return os.Remove(p)
	})
	if err != nil {
		return meeting.Errorf(meeting.CodeStorage, fmt.Sprintf("无法检查存档文件夹「%s」中待上传的文件。", root), err)
	}
	if len(failed) > 0 {
		return meeting.Errorf(meeting.CodeStorage, "有存档文件未能上传到数据库："+strings.Join(failed, "；"), nil)
	}
	return nil
}

// sendMissing puts into the keeper every recorded file it lacks of which this PC has
// a copy with the recorded hash, whatever the markers say: a file recorded by a
// version without markers, or whose marker was lost, still reaches the other PCs.
// A file no PC has is left to verify --all to report; a file the keeper holds with
// another hash is its business too (the keeper's copy is the one printed and signed).
func sendMissing(st meeting.Store, dataDir string, recorded map[string]string) error {
	k, ok := Keeper(st)
	if !ok {
		return nil
	}
	kept, err := k.FileHashes()
	if err != nil {
		return err
	}
	var failed []string
	for _, rel := range slices.Sorted(maps.Keys(recorded)) {
		hash := strings.ToLower(recorded[rel])
		if _, ok := kept[rel]; ok {
			continue
		}
		if got, _, err := hashFile(Path(dataDir, rel)); err != nil || got != hash {
			continue // not here, or not the recorded file: another PC may have it
		}
		if err := upload(k, dataDir, rel, hash); err != nil {
			failed = append(failed, fmt.Sprintf("%s：%s", rel, meeting.ErrorMessage(err)))
		}
	}
	if len(failed) > 0 {
		return meeting.Errorf(meeting.CodeStorage, "有存档文件未能上传到数据库："+strings.Join(failed, "；"), nil)
	}
	return nil
}

// removeStrays removes temporary files from the archive folder and the year and
// meeting folders below it.
func removeStrays(root string) error {
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root && os.IsNotExist(err) {
				return fs.SkipAll
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if _, err := safefile.RemoveStrays(p); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return meeting.Errorf(meeting.CodeStorage, fmt.Sprintf("无法清理存档文件夹「%s」中的临时文件。", root), err)
	}
	return nil
}

// scanName matches the names AttachScan gives signed scans, pdfName those writePDF
// gives revision PDFs.
var (
	scanName = regexp.MustCompile(`^scan-r[0-9]+-[0-9]+\.(pdf|jpg|png)$`)
	pdfName  = regexp.MustCompile(`^r[0-9]+\.pdf$`)
	// receiptName is a delivered excerpt's signed receipt (see AttachReceipt).
	receiptName = regexp.MustCompile(`^receipt-r[0-9]+-[0-9]+-.*\.(pdf|jpg|png)$`)
)

// removeUnrecorded removes the files named like revision PDFs or signed scans that no
// meeting records: files whose finalize or attach crashed or failed before the store
// committed it.
// It returns the SHA-256 of every recorded file by its path.
func removeUnrecorded(st meeting.Store, dataDir string) (map[string]string, error) {
	ms, err := st.Meetings(meeting.MeetingFilter{})
	if err != nil {
		return nil, err
	}
	recorded := map[string]string{}
	for _, m := range ms {
		for _, rev := range m.Revisions {
			if rev.PDFPath != "" {
				recorded[rev.PDFPath] = rev.PDFHash
			}
			for _, sc := range rev.Scans {
				recorded[sc.Path] = sc.Hash
			}
			for _, d := range rev.Deliveries {
				if d.Receipt != nil {
					recorded[d.Receipt.Path] = d.Receipt.Hash
				}
			}
		}
	}
	root := Dir(dataDir)
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root && os.IsNotExist(err) {
				return fs.SkipAll
			}
			return err
		}
		if d.IsDir() || !scanName.MatchString(d.Name()) && !pdfName.MatchString(d.Name()) && !receiptName.MatchString(d.Name()) {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		if _, ok := recorded[filepath.ToSlash(rel)]; ok {
			return nil
		}
		return os.Remove(p)
	})
	if err != nil {
		return nil, meeting.Errorf(meeting.CodeStorage, fmt.Sprintf("无法清理存档文件夹「%s」中未登记的文件。", root), err)
	}
	return recorded, nil
}

// hashFile returns the SHA-256 of a file in hex and its size.
func hashFile(name string) (string, int64, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// diskWriter remembers the first error of the file it writes to: the exporter wraps
// write errors in its own message, and the person needs to hear that the disk is full.
type diskWriter struct {
	w   io.Writer
	err error
}

func (d *diskWriter) Write(p []byte) (int, error) {
	n, err := d.w.Write(p)
	if err != nil && d.err == nil {
		d.err = err
	}
	return n, err
}
