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
	"time"

	"backstop/export/safefile"
	"backstop/meeting"
)

// MaxScanSize is the largest signed scan accepted: 50 MB, room for a few dozen pages
// scanned at 300 dpi. Larger files are refused with a message saying so.
const MaxScanSize = 50 << 20

// maxScanSize is MaxScanSize; tests lower it.
var maxScanSize int64 = MaxScanSize

// scanExtensions gives the archive file's extension for each accepted media type.
var scanExtensions = map[string]string{
	"application/pdf": "pdf",
	"image/jpeg":      "jpg",
	"image/png":       "png",
}

// DetectScanType recognises a signed scan by its first bytes, not by its name:
// "application/pdf", "image/jpeg" or "image/png", or "" for anything else.
func DetectScanType(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return "application/pdf"
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg"
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	}
	return ""
}

// AttachScan attaches a scan of the signed paper copy (签署) to the meeting's
// current revision: it checks file is a PDF, JPEG or PNG by content, not empty and
// at most MaxScanSize, copies it atomically into the meeting's archive folder as
// scan-r<N>-<k>.<ext>, and records it with its SHA-256. If the store refuses the
// scan, the copy is removed again. A store that keeps the archive's files (see
// FileKeeper) gets the scan once it is recorded; should that fail, the signed
// meeting is returned with an error saying so, and Recover sends it later.
func AttachScan(st meeting.Store, dataDir string, id meeting.ID, file string, at time.Time) (meeting.Meeting, error) {
	f, mediaType, size, err := openScan(file)
	if err != nil {
		return meeting.Meeting{}, err
	}
	defer f.Close()
	m, err := st.Meeting(id)
	if err != nil {
		return meeting.Meeting{}, err
	}
	last, ok := m.LastRevision()
	if !ok || last.PDFPath == "" || (m.State != meeting.StateFinalized && m.State != meeting.StateSigned) {
		// Sign says exactly what is wrong; ask it before copying anything.
		probe := m
		probe.Revisions = append([]meeting.Revision(nil), m.Revisions...)
		err := meeting.Sign(&probe, meeting.Scan{Path: "probe", Hash: zeroHash, MediaType: mediaType, Size: size}, at)
		if err == nil {
			err = meeting.Errorf(meeting.CodeState, "会议纪要尚未定稿，不能附加签字扫描件。", nil)
		}
		return meeting.Meeting{}, err
	}
	rel := path.Join(path.Dir(last.PDFPath), fmt.Sprintf("scan-r%d-%d.%s", last.N, len(last.Scans)+1, scanExtensions[mediaType]))
	scan, dst, err := copyScan(dataDir, rel, file, f, mediaType, size)
	if err != nil {
		return meeting.Meeting{}, err
	}
	if err := markUnsent(st, dataDir, rel); err != nil {
		os.Remove(dst)
		return meeting.Meeting{}, err
	}
	signed, err := st.AttachScan(id, scan, at)
	if err != nil {
		os.Remove(dst) // not recorded, so nothing refers to it
		os.Remove(unsentMarker(dataDir, rel))
		return meeting.Meeting{}, err
	}
	what := fmt.Sprintf("%s的第 %d 份签字扫描件", revisionName(&signed, last.N), len(last.Scans)+1)
	return signed, send(st, dataDir, rel, scan.Hash, what)
}

// copyScan copies the opened scan file into the archive at rel (relative to the
// archive folder), synced, and returns its record and where it lies.
func copyScan(dataDir, rel, file string, f *os.File, mediaType string, size int64) (meeting.Scan, string, error) {
	dst := Path(dataDir, rel)
	if err := os.MkdirAll(filepath.Dir(dst), dirMode); err != nil {
		return meeting.Scan{}, "", safefile.Describe(err, dst)
	}
	h := sha256.New()
	var copied int64
	err := writeFile(dst, fileMode, func(w io.Writer) error {
		var err error
		copied, err = io.Copy(io.MultiWriter(w, h), io.LimitReader(f, maxScanSize+1))
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) && pe.Path == f.Name() {
				return meeting.Errorf(meeting.CodeStorage, fmt.Sprintf("读取扫描件「%s」时出错。", file), err)
			}
			return err
		}
		if copied != size {
			return meeting.Errorf(meeting.CodeConflict, fmt.Sprintf("扫描件「%s」在复制过程中被改动了（大小从 %d 字节变为 %d 字节），请等文件保存完毕后重试。", file, size, copied), nil)
		}
		return nil
	})
	if err != nil {
		return meeting.Scan{}, "", err
	}
	return meeting.Scan{Hash: hex.EncodeToString(h.Sum(nil)), Path: rel, MediaType: mediaType, Size: copied}, dst, nil
}

// zeroHash is a well-formed SHA-256 for probing the lifecycle rules.
const zeroHash = "0000000000000000000000000000000000000000000000000000000000000000"

// openScan opens a scan and checks its size and type, with messages naming the file.
// The caller closes the file.
func openScan(file string) (*os.File, string, int64, error) {
	f, err := os.Open(file)
	if err != nil {
		msg := fmt.Sprintf("无法打开扫描件「%s」。", file)
		if errors.Is(err, fs.ErrNotExist) {
			msg = fmt.Sprintf("扫描件「%s」不存在，请检查文件名和路径。", file)
		} else if errors.Is(err, fs.ErrPermission) {
			msg = fmt.Sprintf("没有权限读取扫描件「%s」。", file)
		}
		return nil, "", 0, meeting.Errorf(meeting.CodeInvalid, msg, err)
	}
	fail := func(format string, args ...any) (*os.File, string, int64, error) {
		f.Close()
		return nil, "", 0, meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf(format, args...), nil)
	}
	fi, err := f.Stat()
	switch {
	case err != nil:
		f.Close()
		return nil, "", 0, meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("无法读取扫描件「%s」。", file), err)
	case fi.IsDir():
		return fail("「%s」是文件夹，不是扫描件；请选择一个 PDF、JPEG 或 PNG 文件。", file)
	case !fi.Mode().IsRegular():
		return fail("「%s」不是普通文件；请选择一个 PDF、JPEG 或 PNG 文件。", file)
	case fi.Size() == 0:
		return fail("扫描件「%s」是空文件（0 字节），请重新扫描后再附加。", file)
	case fi.Size() > maxScanSize:
		return fail("扫描件「%s」太大（%s），上限为 %s；请降低扫描分辨率或改用黑白扫描后重试。", file, sizeLabel(fi.Size()), sizeLabel(maxScanSize))
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		f.Close()
		return nil, "", 0, meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("无法读取扫描件「%s」。", file), err)
	}
	mediaType := DetectScanType(head[:n])
	if mediaType == "" {
		return fail("「%s」不是 PDF、JPEG 或 PNG 文件（按文件内容识别，与扩展名无关），不能作为签字扫描件。", file)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, "", 0, meeting.Errorf(meeting.CodeInvalid, fmt.Sprintf("无法读取扫描件「%s」。", file), err)
	}
	return f, mediaType, fi.Size(), nil
}

// sizeLabel writes a file size for a person.
func sizeLabel(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}
